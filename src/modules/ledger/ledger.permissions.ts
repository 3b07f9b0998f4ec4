import { allow } from 'graphql-shield';
import { hasRole, isAuthenticated } from '../../graphql/rules';
import { Role } from '../identity/api-key.entity';

export const ledgerPermissions = {
  Query: { verifyLedger: hasRole(Role.AUDITOR), accessLog: isAuthenticated },
  LedgerVerification: allow,
  AccessLogEntry: allow,
  AccessLogConnection: allow,
};
