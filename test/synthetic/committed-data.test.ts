import * as path from 'node:path';
import { annotationSpecs, paperTableSpecs } from './specs';

/** The committed default data in data/ against the paper's Tables 1, 5, 6, 7 and Secs. 3.3.2–3.4. */
const DATA = path.join(__dirname, '..', '..', 'data');

describe('synthetic DFME default data (data/, committed)', () => {
  describe('labels vs the paper', () => paperTableSpecs(() => DATA));
  describe('emotion votes and AU coders', () => annotationSpecs(() => DATA));
});
