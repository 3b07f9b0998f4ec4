import { deny, type IRules, shield } from 'graphql-shield';
import { AppError } from '../errors/app-error';
import { assistancePermissions } from '../modules/assistance/assistance.permissions';
import { catalogPermissions } from '../modules/catalog/catalog.permissions';
import { exchangePermissions } from '../modules/exchange/exchange.permissions';
import { identityPermissions } from '../modules/identity/identity.permissions';
import { ledgerPermissions } from '../modules/ledger/ledger.permissions';
import { sharingPermissions } from '../modules/sharing/sharing.permissions';
import { unitPermissions } from '../modules/unit/unit.permissions';

type RuleMap = Record<string, unknown>;

/** Every module's rules in one map; Query and Mutation are merged field by field. */
export function mergePermissions(...maps: RuleMap[]): Record<string, RuleMap | unknown> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, rules] of Object.entries(map)) {
      if (type === 'Query' || type === 'Mutation') {
        merged[type] = { ...(merged[type] as RuleMap | undefined), ...(rules as RuleMap) };
      } else {
        if (type in merged) throw new Error(`two modules give rules for ${type}`);
        merged[type] = rules;
      }
    }
  }
  return merged;
}

export const permissionRules = mergePermissions(
  catalogPermissions,
  exchangePermissions,
  sharingPermissions,
  ledgerPermissions,
  unitPermissions,
  identityPermissions,
  assistancePermissions,
);

/** Deny by default: a field without a rule answers FORBIDDEN. */
export const permissions = shield(permissionRules as IRules, {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: () => AppError.forbidden(),
});
