import fs from 'node:fs';
import path from 'node:path';

/** The folder of the regulations the hub implements (beside the project, as in CI). */
export const SEEDS_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'seeds');

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十六 → 26. */
export function chineseNumeral(text: string): number {
  if (text === '十') return 10;
  const [tens, units] = text.includes('十') ? text.split('十') : ['', text];
  return (text.includes('十') ? (tens ? DIGITS[tens] : 1) * 10 : 0) + (units ? DIGITS[units] : 0);
}

export interface SeedEntry {
  number: number;
  text: string;
}

function entries(section: string): SeedEntry[] {
  const found: SeedEntry[] = [];
  for (const line of section.split('\n')) {
    const match = /^\s*(?:-\s*)?([一二三四五六七八九十]{1,3})、(.+)$/.exec(line);
    if (match)
      found.push({ number: chineseNumeral(match[1]), text: match[2].trim().replace(/[；;。]$/, '') });
  }
  return found;
}

/** The numbered entries of Annexes 1, 2 and 3 of seed 004 (连政办发〔2022〕40号), read from the text. */
export function readSeed004Annexes(): { annex1: SeedEntry[]; annex2: SeedEntry[]; annex3: SeedEntry[] } {
  const file = fs.readdirSync(SEEDS_DIR).find((name) => name.startsWith('004_'));
  if (!file) throw new Error(`seed 004 not found in ${SEEDS_DIR}`);
  const text = fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8');
  const annex1Start = text.indexOf('\n附件 1\n');
  const annex2Start = text.indexOf('\n附件 2\n');
  const annex3Start = text.lastIndexOf('税务共管共治任务清单');
  const end = text.indexOf('抄送');
  if (annex1Start < 0 || annex2Start < annex1Start || annex3Start < annex2Start || end < annex3Start) {
    throw new Error('seed 004 no longer has the annex headings this test reads');
  }
  return {
    annex1: entries(text.slice(annex1Start, annex2Start)),
    annex2: entries(text.slice(annex2Start, annex3Start)),
    // Annex 3 duties are numbered at the start of a paragraph: "一、市场主体登记机关协助。…"
    annex3: entries(text.slice(annex3Start, end)).filter((entry) => /协助/.test(entry.text.slice(0, 20))),
  };
}
