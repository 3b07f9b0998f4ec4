import { CheckAccessRequestDocument, type Purpose, RequestAccessDocument } from '../generated/graphql';
import { REGISTRATION } from './records';
import type { TestHub } from './test-hub';

/** A grant's last day some years ahead, so that it stays valid whenever the tests run. */
export const GRANT_UNTIL = `${new Date().getUTCFullYear() + 4}-12-31`;

/**
 * Has the tax bureau (or `key`'s unit) request fields of the enterprise-registration item (UNCONDITIONAL)
 * and the data authority approve it: the grant a read test starts from. Returns the grant's id.
 */
export async function grantRegistration(
  hub: TestHub,
  fields: string[],
  purposes: Purpose[] = ['ADMINISTRATIVE_BASIS'],
  key = hub.keys.taxBureau,
): Promise<string> {
  const requested = await hub.gql(
    RequestAccessDocument,
    {
      input: {
        itemCode: REGISTRATION,
        fields,
        purposes,
        legalBasis: '《税收征收管理法》第六条',
        scenario: '登记信息比对',
        validUntil: GRANT_UNTIL,
      },
    },
    key,
  );
  const checked = await hub.gql(
    CheckAccessRequestDocument,
    { id: requested.data!.requestAccess.id, approve: true },
    hub.keys.dataAuthority,
  );
  const grant = checked.data?.checkAccessRequest.grant;
  if (!grant) throw new Error(`no grant: ${JSON.stringify(checked.errors ?? checked.data)}`);
  return grant.id;
}
