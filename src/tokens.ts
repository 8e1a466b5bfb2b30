/** Whitespace tokens drawn visibly (the empty name too), wherever tokens are listed: vocabularies, traces. */
const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '': '∅' };

export const visibleToken = (name: string): string => VISIBLE[name] ?? name;
