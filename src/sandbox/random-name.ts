/**
 * The two-word name PIMMS gives a customer that came with neither a name nor an e-mail address.
 */
import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'Amber',
  'Brave',
  'Calm',
  'Coral',
  'Eager',
  'Gentle',
  'Golden',
  'Happy',
  'Ivory',
  'Jolly',
  'Lively',
  'Lucky',
  'Olive',
  'Proud',
  'Quiet',
  'Rapid',
  'Silver',
  'Swift',
  'Teal',
  'Witty',
];
const ANIMALS = [
  'Badger',
  'Crane',
  'Dolphin',
  'Falcon',
  'Fox',
  'Gecko',
  'Heron',
  'Koala',
  'Lynx',
  'Marten',
  'Otter',
  'Owl',
  'Panda',
  'Puffin',
  'Raven',
  'Seal',
  'Swan',
  'Tiger',
  'Walrus',
  'Wren',
];

/**
 * A random "Adjective Animal" name, as PIMMS fills `customer.name` when a lead has no
 * `customerName` and no `customerEmail` (so `customer.name` is never null).
 *
 * @example
 * randomName() // 'Amber Otter'
 */
export function randomName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${ANIMALS[randomInt(ANIMALS.length)]}`;
}
