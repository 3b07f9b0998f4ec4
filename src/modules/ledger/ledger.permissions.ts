import { allow } from 'graphql-shield';
import { hasRole } from '../../graphql/rules';
import { Role } from '../identity/api-key.entity';

export const ledgerPermissions = {
  Query: { verifyLedger: hasRole(Role.AUDITOR) },
  LedgerVerification: allow,
};
