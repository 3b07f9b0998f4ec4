/** The ten fields of 企业登记信息 the read benchmark serves (身份证号 granted MASKED, the rest CLEAR). */
export const BENCH_FIELDS = [
  'uscc',
  'enterpriseName',
  'enterpriseType',
  'legalRepresentative',
  'legalRepresentativeIdNumber',
  'registeredCapital',
  'establishedOn',
  'registrationAuthority',
  'address',
  'registrationStatus',
];
