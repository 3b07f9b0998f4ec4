import { allow } from 'graphql-shield';
import { isAuthenticated } from '../../graphql/rules';

export const identityPermissions = {
  Query: { viewer: isAuthenticated },
  Viewer: allow,
};
