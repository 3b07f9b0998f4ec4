import { rule } from 'graphql-shield';
import { Role } from '../modules/identity/api-key.entity';
import type { HubContext } from './context';

/** Any request that got past authentication (the context refuses requests without a valid key). */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, context: HubContext) =>
  Boolean(context.viewer),
);

/** The key carries the role. */
export const hasRole = (role: Role) =>
  rule(`hasRole-${role}`, { cache: 'contextual' })((_parent, _args, context: HubContext) =>
    Boolean(context.viewer?.hasRole(role)),
  );

export const isDataAuthority = hasRole(Role.DATA_AUTHORITY);

/** The city's data authority: a county's edits its own catalogue supplement only (see Viewer.overseesCity). */
export const isCityDataAuthority = rule('isCityDataAuthority', { cache: 'contextual' })(
  (_parent, _args, context: HubContext) => Boolean(context.viewer?.overseesCity),
);

export const isProvider = hasRole(Role.PROVIDER);
