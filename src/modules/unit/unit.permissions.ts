import { allow } from 'graphql-shield';
import { isAuthenticated } from '../../graphql/rules';

export const unitPermissions = {
  Query: { units: isAuthenticated },
  Unit: allow,
};
