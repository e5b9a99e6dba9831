// The key policy's rules, as the server applies them (src/core/key_policy.cc), so that a value
// typed by hand shows every broken rule while it is typed. The server checks again on save.
import type { KeyPolicy } from '../api/types';

export const kMinKeyLength = 16;
export const kMaxKeyLength = 128;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// Counts bytes of UTF-8, as the server does, so both say the same numbers.
export function keyViolations(p: KeyPolicy, value: string): string[] {
  let numerals = 0;
  let upper = 0;
  let lower = 0;
  let other = 0;
  const bytes = new TextEncoder().encode(value);
  for (const b of bytes) {
    if (b >= 0x30 && b <= 0x39) numerals++;
    else if (b >= 0x41 && b <= 0x5a) upper++;
    else if (b >= 0x61 && b <= 0x7a) lower++;
    else other++;
  }
  const length = bytes.length;
  const out: string[] = [];
  if (length < p.length) out.push(`must be at least ${plural(p.length, 'character', 'characters')} long, has ${length}`);
  if (length > kMaxKeyLength) out.push(`must be at most ${kMaxKeyLength} characters long, has ${length}`);
  if (numerals < p.min_numerals) out.push(`needs at least ${plural(p.min_numerals, 'numeral', 'numerals')}, has ${numerals}`);
  if (upper < p.min_upper)
    out.push(`needs at least ${plural(p.min_upper, 'upper-case letter', 'upper-case letters')}, has ${upper}`);
  if (lower < p.min_lower)
    out.push(`needs at least ${plural(p.min_lower, 'lower-case letter', 'lower-case letters')}, has ${lower}`);
  if (other > 0) out.push(`may contain only letters A-Z, a-z and digits 0-9, has ${plural(other, 'other character', 'other characters')}`);
  return out;
}

export type PolicyField = keyof KeyPolicy;

// What is wrong with each number of a policy, as the server's validate_policy would say it.
export function policyProblems(p: KeyPolicy): Partial<Record<PolicyField | 'sum', string>> {
  const out: Partial<Record<PolicyField | 'sum', string>> = {};
  if (!Number.isInteger(p.length) || p.length < kMinKeyLength || p.length > kMaxKeyLength)
    out.length = `Must be a whole number between ${kMinKeyLength} and ${kMaxKeyLength}.`;
  for (const f of ['min_numerals', 'min_upper', 'min_lower'] as const) {
    if (!Number.isInteger(p[f]) || p[f] < 0) out[f] = 'Must be a whole number, 0 or more.';
  }
  const required = Math.max(p.min_numerals, 0) + Math.max(p.min_upper, 0) + Math.max(p.min_lower, 0);
  if (!out.length && required > p.length)
    out.sum = `The minimums add up to ${required}, more than the ${p.length} characters a key has.`;
  return out;
}
