import type { City } from './city.ts';
import { drawBuildingYear, drawFloorArea, drawHouseholdSize, drawOwnerIsCompany, drawOwnership, drawWoz } from './dwelling.ts';
import { ENERGY } from './params.ts';
import type { Rng } from './rng.ts';
import { staticRisk } from './risk.ts';
import { layStreet, planStreet, PostcodeAllocator, type StreetPlan, type StreetSlot } from './streets.ts';
import type { Address, Neighbourhood } from './types.ts';

export interface AddressOptions {
  municipalityCode: string;
  startYear: number;
  endYear: number;
}

/** Four-digit postcode numbers handed out once neighbourhoods run out of their own. */
const OVERFLOW_PC4 = 1500;

/** BAG verblijfsobject-id: municipality code, object type 01, 10-digit sequence. */
export function addressId(municipalityCode: string, index: number): string {
  return `${municipalityCode}01${String(index + 1).padStart(10, '0')}`;
}

/** All dwellings, neighbourhood by neighbourhood and street by street. */
export function buildAddresses(rng: Rng, city: City, options: AddressOptions): Address[] {
  const addresses: Address[] = [];
  const overflow = { next: OVERFLOW_PC4 };
  for (const neighbourhood of city.neighbourhoods) {
    const postcodes = new PostcodeAllocator(neighbourhood.pc4, overflow);
    let left = neighbourhood.size;
    for (let streetIndex = 0; left > 0; streetIndex++) {
      const size = Math.min(left, rng.int(30, 220));
      const street = planStreet(rng, neighbourhood, streetIndex, size, options.endYear);
      for (const slot of layStreet(rng, street, size, postcodes)) {
        addresses.push(makeAddress(rng, addresses.length, slot, street, neighbourhood, options));
      }
      left -= size;
    }
  }
  return addresses;
}

function makeAddress(
  rng: Rng,
  index: number,
  slot: StreetSlot,
  street: StreetPlan,
  neighbourhood: Neighbourhood,
  options: AddressOptions,
): Address {
  const dwellingType = slot.dwellingType;
  const floorArea = drawFloorArea(rng, dwellingType);
  const ownership = drawOwnership(rng, dwellingType);
  const ownerIsCompany = drawOwnerIsCompany(rng, ownership);
  const woz = drawWoz(rng, dwellingType, floorArea, neighbourhood);
  const buildingYear = Math.min(options.endYear, drawBuildingYear(rng, street.year));
  return {
    index,
    id: addressId(options.municipalityCode, index),
    postcode: slot.postcode,
    houseNumber: slot.houseNumber,
    houseSuffix: slot.houseSuffix,
    street: street.name,
    neighbourhood,
    x: slot.x,
    y: slot.y,
    buildingYear,
    floorArea,
    dwellingType,
    ownership,
    ownerIsCompany,
    woz,
    householdSize: drawHouseholdSize(rng, dwellingType),
    hasGas: buildingYear < ENERGY.allElectricFrom && !rng.bernoulli(ENERGY.allElectricShare),
    smartMeterYear: rng.int(2012, 2027),
    groupB: rng.bernoulli(neighbourhood.groupBShare),
    firstYear: Math.max(options.startYear, buildingYear),
    staticRisk: staticRisk({ dwellingType, ownership, ownerIsCompany, woz, floorArea }),
  };
}
