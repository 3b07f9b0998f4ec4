import { allow } from 'graphql-shield';
import { isAuthenticated, isCityDataAuthority, hasRole } from '../../graphql/rules';
import { Role } from '../identity/api-key.entity';

const isConsumer = hasRole(Role.CONSUMER);

/** Who takes which step is checked again in AccessRequestService (the provider of the item, the requesting unit). */
export const sharingPermissions = {
  Query: {
    accessRequests: isAuthenticated,
    grants: isAuthenticated,
    catalogNeeds: isAuthenticated,
    // Grants, purposes and fields are checked by the read path itself (data-plane/access-policy.ts).
    recordFeed: isAuthenticated,
  },
  Mutation: {
    requestAccess: isConsumer,
    checkAccessRequest: isCityDataAuthority,
    reviewAccessRequest: isAuthenticated,
    disputeAccessRequest: isConsumer,
    ruleOnAccessRequest: isCityDataAuthority,
    revokeGrant: isAuthenticated,
    proposeCatalogNeed: isConsumer,
    answerCatalogNeed: isAuthenticated,
    catalogueNeed: isCityDataAuthority,
  },
  AccessRequest: allow,
  Grant: allow,
  GrantedField: allow,
  CatalogNeed: allow,
  RecordFeedConnection: allow,
  RecordFeedEdge: allow,
  RecordChange: allow,
};
