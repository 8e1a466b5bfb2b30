/**
 * The course: the lesson files in lessons/, in teaching order. Each is checked
 * like any lesson file when it loads, as presets are.
 */
import { formatError } from '../errors';
import { parseLessonValue } from './parse';
import type { Lesson } from './format';
import firstNetwork from '../../lessons/first-network.json';
import whatIsAGate from '../../lessons/what-is-a-gate.json';
import residualGates from '../../lessons/residual-gates.json';
import attentionSink from '../../lessons/attention-sink.json';
import zeroInitInjection from '../../lessons/zero-init-injection.json';
import routingAndBalance from '../../lessons/routing-and-balance.json';
import freeExperts from '../../lessons/free-experts.json';
import skippingTokens from '../../lessons/skipping-tokens.json';
import earlyExits from '../../lessons/early-exits.json';
import gatesAgainstForgetting from '../../lessons/gates-against-forgetting.json';

const RAW: readonly unknown[] = [
  firstNetwork, whatIsAGate, residualGates, attentionSink, zeroInitInjection,
  routingAndBalance, freeExperts, skippingTokens, earlyExits, gatesAgainstForgetting,
];

export const LESSONS: readonly Lesson[] = RAW.map((raw, i) => {
  const r = parseLessonValue(raw);
  if (!r.ok) throw new Error(`lesson ${i + 1} is broken: ${r.errors.map(formatError).join('; ')}`);
  return r.value;
});

export function getLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
