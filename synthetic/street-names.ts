/**
 * Street names. Almere names each neighbourhood's streets after one theme (painters,
 * composers, flowers …); a street is a theme word plus a suffix. No commas or quotes, so
 * the CSV writer never needs to quote; a few diacritics keep readers honest about UTF-8.
 */

export const STREET_THEMES: readonly (readonly string[])[] = [
  ['Rembrandt', 'Vermeer', 'Frans Hals', 'Mondriaan', 'Escher', 'Van Gogh', 'Jan Steen', 'Breitner', 'Israëls', 'Mesdag', 'Toorop', 'Appel', 'Corneille', 'Jongkind', 'Ruisdael', 'Hobbema'],
  ['Sweelinck', 'Mahler', 'Bach', 'Mozart', 'Chopin', 'Debussy', 'Ravel', 'Grieg', 'Sibelius', 'Dvořák', 'Händel', 'Haydn', 'Schubert', 'Vivaldi', 'Verdi', 'Puccini'],
  ['Tulp', 'Roos', 'Lelie', 'Krokus', 'Narcis', 'Iris', 'Dahlia', 'Anjer', 'Viooltje', 'Klaproos', 'Zonnebloem', 'Lavendel', 'Hyacint', 'Magnolia', 'Jasmijn', 'Klaver'],
  ['Eiken', 'Beuken', 'Linden', 'Essen', 'Berken', 'Wilgen', 'Populier', 'Kastanje', 'Iepen', 'Platanen', 'Elzen', 'Lariks', 'Esdoorn', 'Hazelaar', 'Vlier', 'Meidoorn'],
  ['Merel', 'Lijster', 'Spreeuw', 'Vink', 'Mees', 'Roodborst', 'Kievit', 'Grutto', 'Reiger', 'Zwaluw', 'Specht', 'Buizerd', 'Ekster', 'Kwartel', 'Fuut', 'Tureluur'],
  ['Mercurius', 'Venus', 'Mars', 'Jupiter', 'Saturnus', 'Uranus', 'Neptunus', 'Pluto', 'Orion', 'Pegasus', 'Andromeda', 'Cassiopeia', 'Sirius', 'Vega', 'Polaris', 'Lyra'],
  ['Multatuli', 'Vondel', 'Bredero', 'Hooft', 'Couperus', 'Reve', 'Mulisch', 'Hermans', 'Vestdijk', 'Nescio', 'Bordewijk', 'Annie M.G. Schmidt', 'Godfried Bomans', 'Carmiggelt', 'Wolkers', 'Haasse'],
  ['Amazone', 'Donau', 'Rijn', 'Maas', 'Schelde', 'Theems', 'Seine', 'Loire', 'Elbe', 'Wolga', 'Nijl', 'Tiber', 'Ganges', 'Mekong', 'Yukon', 'Zambezi'],
  ['Fietser', 'Schaatser', 'Roeier', 'Zeiler', 'Hardloper', 'Turner', 'Zwemmer', 'Skiër', 'Polsstokspringer', 'Kogelstoter', 'Wielrenner', 'Surfer', 'Kanoër', 'Schermer', 'Boogschutter', 'Ruiter'],
  ['Lorentz', 'Zeeman', 'Kamerlingh Onnes', 'Huygens', 'Leeuwenhoek', 'Stevin', 'Snellius', 'Boerhaave', 'Van der Waals', 'Einthoven', 'Tinbergen', 'Zernike', 'Eijkman', 'Debye', 'Oort', 'Kapteyn'],
  ['Gouda', 'Edam', 'Leerdam', 'Delft', 'Haarlem', 'Hoorn', 'Enkhuizen', 'Kampen', 'Zwolle', 'Deventer', 'Harderwijk', 'Elburg', 'Hattem', 'Doesburg', 'Tiel', 'Zutphen'],
  ['Marimba', 'Harp', 'Fluit', 'Hobo', 'Fagot', 'Trompet', 'Trombone', 'Tuba', 'Cello', 'Viool', 'Altviool', 'Contrabas', 'Klarinet', 'Saxofoon', 'Pauken', 'Luit'],
];

export const STREET_SUFFIXES: readonly string[] = ['straat', 'laan', 'weg', 'hof', 'plein', 'pad', 'kade', 'dreef', 'singel', 'gracht', 'erf', 'ring'];

/** The `index`-th street name of a theme: every word with the first suffix, then the next suffix … */
export function streetName(theme: number, index: number): string {
  const words = STREET_THEMES[theme % STREET_THEMES.length] ?? [];
  const word = words[index % words.length] ?? 'Nieuwe';
  const round = Math.floor(index / words.length);
  const suffix = STREET_SUFFIXES[round % STREET_SUFFIXES.length] ?? 'straat';
  const extra = round >= STREET_SUFFIXES.length ? ` ${Math.floor(round / STREET_SUFFIXES.length) + 1}` : '';
  return `${word}${suffix}${extra}`;
}
