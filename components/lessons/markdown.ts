/**
 * Lesson text: a small Markdown subset through markdown-it with raw HTML off
 * (tags are shown as text) and its link validation on (no javascript:, vbscript:,
 * file: or data: links). Links open in a new tab so the lesson stays open.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.disable(['image', 'table']);
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Lesson Markdown as safe HTML. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** One line of lesson Markdown (a hint, a choice) without the surrounding paragraph. */
export function renderInline(text: string): string {
  return md.renderInline(text);
}
