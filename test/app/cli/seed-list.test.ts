import { describe, expect, it } from 'vitest';
import { parseSeeds } from '../../../app/cli/commands/seed-list';
import { CliError } from '../../../app/cli/io';

const refusal = (text: string) => {
  try {
    parseSeeds(text);
  } catch (e) {
    return e instanceof CliError ? e.exitCode : e;
  }
  return undefined;
};

describe('--seeds', () => {
  it('takes ranges, lists and both, in the order given', () => {
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('3,8,13')).toEqual([3, 8, 13]);
    expect(parseSeeds('10,1-3')).toEqual([10, 1, 2, 3]);
    expect(parseSeeds('0')).toEqual([0]);
    expect(parseSeeds('4294967295')).toEqual([2 ** 32 - 1]);
  });

  it('refuses malformed lists, backward ranges, repeats, seeds out of range and too many seeds (usage, exit 2)', () => {
    for (const bad of ['', '5-3', '1,x', '1,,2', ' 1', '1-', '-1', '2,1-3', '0x10', '1e3', '4294967296', '1-101']) expect(refusal(bad), bad).toBe(2);
    expect(refusal('1-100')).toBeUndefined();
  });
});
