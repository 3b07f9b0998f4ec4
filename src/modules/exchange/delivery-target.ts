import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors/app-error';
import { CatalogService } from '../catalog/catalog.service';
import { CatalogField, type CatalogItem } from '../catalog/catalog-item.entity';
import { Role } from '../identity/api-key.entity';
import type { Viewer } from '../identity/viewer';
import type { ItemSpec } from './row-validator';

/** The item a delivery is for, as the current catalogue states it. */
export interface DeliveryTarget {
  item: CatalogItem;
  spec: ItemSpec;
}

/**
 * Finds the item in the current catalogue and checks the viewer may deliver for it: a PROVIDER key
 * of the item's provider unit, and an item that is not deprecated.
 */
export async function resolveDeliveryTarget(
  em: EntityManager,
  viewer: Viewer,
  itemCode: string,
): Promise<DeliveryTarget> {
  if (!viewer.hasRole(Role.PROVIDER)) throw AppError.forbidden('Only a PROVIDER key delivers records');
  const item = await new CatalogService(em, viewer).findItem(itemCode);
  if (!item) throw AppError.notFound('Catalogue item', itemCode);
  if (item.provider.code !== viewer.unitCode) {
    throw AppError.forbidden(
      `Item ${itemCode} is provided by ${item.provider.code}; a unit delivers only the items it provides`,
    );
  }
  if (item.deprecated) {
    throw AppError.badInput(
      `Item ${itemCode} is deprecated in the current catalogue and takes no deliveries`,
      [{ path: 'itemCode', message: 'deprecated' }],
    );
  }
  const fields = await em.find(CatalogField, { item }, { orderBy: { position: 'asc' } });
  return {
    item,
    spec: {
      itemCode: item.code,
      editionCode: item.edition.code,
      subjectField: item.subjectField,
      businessKey: item.businessKey,
      fields: fields.map((field) => ({
        code: field.code,
        dataType: field.dataType,
        length: field.length,
        scale: field.scale,
        required: field.required,
        identifier: field.identifier,
        enumValues: field.enumValues,
      })),
    },
  };
}
