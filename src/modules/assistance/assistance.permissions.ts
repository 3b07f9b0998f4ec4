import { allow } from 'graphql-shield';
import { isAuthenticated } from '../../graphql/rules';

export const assistancePermissions = {
  Query: { assistanceTaskTypes: isAuthenticated },
  AssistanceTaskType: allow,
  AssistanceAction: allow,
};
