import { allow } from 'graphql-shield';
import { isAuthenticated, isProvider } from '../../graphql/rules';

/** Delivering needs PROVIDER (and the item's provider unit, checked in the service); reads are scoped by unit in the services. */
export const exchangePermissions = {
  Query: {
    deliveries: isAuthenticated,
    delivery: isAuthenticated,
    deliveredRecords: isProvider,
    recordHistory: isProvider,
    deliverySchedule: isAuthenticated,
    lateDeliveries: isAuthenticated,
  },
  Mutation: {
    deliverRecords: isProvider,
  },
  Delivery: allow,
  DeliveryConnection: allow,
  RowRejection: allow,
  SharedRecordVersion: allow,
  SharedRecordConnection: allow,
  DeliveryPeriod: allow,
  LateDelivery: allow,
};
