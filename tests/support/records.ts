import { residentId, uscc } from '../../src/modules/exchange/identifiers';

/** Enterprise registration item (市场监管, daily): the item most tests deliver. */
export const REGISTRATION = 'LYG-A1-17-001';

/** A valid 统一社会信用代码 for a serial number (deterministic, so tests can refer back to it). */
export function usccFor(serial: number): string {
  return uscc(`91320700${String(serial).padStart(9, '0')}`);
}

/** A valid 身份证号码 born in Lianyungang in 1980, for a serial number. */
export function residentIdFor(serial: number): string {
  return residentId(
    `320703198001${String((serial % 28) + 1).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`,
  );
}

/** One valid enterprise-registration record. */
export function registration(
  serial: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    uscc: usccFor(serial),
    enterpriseName: `连云港测试企业${serial}有限公司`,
    enterpriseType: '有限责任公司',
    legalRepresentative: `张${serial % 100}`,
    legalRepresentativeIdNumber: residentIdFor(serial),
    registeredCapital: '100.0000',
    establishedOn: '2020-05-18',
    registrationAuthority: '连云港市市场监督管理局',
    businessScope: '技术服务；货物进出口',
    address: '江苏省连云港市海州区朝阳东路1号',
    registrationStatus: '存续',
    approvedOn: '2026-11-02',
    ...overrides,
  };
}

/** CSV text (header + rows) for records with the same keys, quoting every cell. */
export function toCsv(records: Record<string, unknown>[]): string {
  const columns = Object.keys(records[0]);
  const cell = (value: unknown) => `"${String(value ?? '').replace(/"/g, '""')}"`;
  return (
    [
      columns.join(','),
      ...records.map((record) => columns.map((column) => cell(record[column])).join(',')),
    ].join('\r\n') + '\r\n'
  );
}

export function toNdjson(records: Record<string, unknown>[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}
