/** Word lists for realistic, deterministic customers. Data only. */
export const GIVEN_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Daniel', 'Lisa',
  'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Andrew', 'Michelle', 'Priya',
  'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Leo', 'Freya', 'Arjun', 'Chloe', 'Mateo',
  'Sofia', 'Hiroshi', 'Yuki', 'Fatima', 'Omar', 'Ingrid', 'Lars', 'Camille', 'Luca', 'Giulia', 'Sean', 'Aoife',
] as const;

export const FAMILY_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White',
  'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker',
  'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Patel', 'Evans', 'Hughes', 'Edwards', 'Murphy',
  'Kelly', 'Nakamura', 'Schmidt', 'Dubois', 'Rossi', 'Larsen', 'Kowalski', 'Okafor', 'Chen', 'Singh', 'Murray',
] as const;

export const COMPANY_WORDS = [
  'Summit', 'Harbor', 'Pinecrest', 'Bluebird', 'Redwood', 'Ironclad', 'Silverline', 'Northstar', 'Evergreen',
  'Brightwater', 'Oakridge', 'Granite', 'Crescent', 'Lakeside', 'Meridian', 'Keystone', 'Riverbend', 'Sunrise',
  'Cobalt', 'Falcon', 'Copperleaf', 'Maple', 'Horizon', 'Westwind', 'Juniper', 'Atlas', 'Beacon', 'Cedar', 'Aspen',
  'Willow', 'Sterling', 'Highland', 'Anchor', 'Prairie', 'Tidewater', 'Foxglove',
] as const;

export const COMPANY_TRADES = [
  'Landscaping', 'Plumbing', 'Design', 'Consulting', 'Logistics', 'Bakery', 'Dental', 'Software', 'Builders',
  'Electric', 'Marketing', 'Catering', 'Fitness', 'Printing', 'Roofing', 'Analytics', 'Veterinary', 'Media',
  'Outfitters', 'Engineering', 'Florists', 'Coffee Roasters', 'Architects', 'Motors',
] as const;

export const US_COMPANY_SUFFIXES = ['Inc.', 'LLC', 'Co.', 'Corp.', 'Group', 'Partners'] as const;
export const UK_COMPANY_SUFFIXES = ['Ltd', 'Limited', 'LLP', 'plc', '& Co', 'Group Ltd'] as const;

export const STREET_NAMES = [
  'Main St.', 'Oak Ave.', 'Maple Dr.', 'Cedar Ln.', 'Elm St.', 'Park Blvd.', 'Lake Rd.', 'Hill St.', 'Sunset Blvd.',
  'Washington Ave.', 'Market St.', 'Broadway', 'Pine St.', 'River Rd.', 'Church St.', 'Mill Ln.',
] as const;

export const UK_STREET_NAMES = [
  'High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Road',
  'Queens Road', 'The Crescent', 'Mill Lane', 'King Street', 'London Road',
] as const;

export interface CityEntry {
  city: string;
  region: string;
  postalPrefix: string;
}

export const US_CITIES: readonly CityEntry[] = [
  { city: 'San Francisco', region: 'CA', postalPrefix: '941' },
  { city: 'Palo Alto', region: 'CA', postalPrefix: '943' },
  { city: 'Tucson', region: 'AZ', postalPrefix: '857' },
  { city: 'Austin', region: 'TX', postalPrefix: '787' },
  { city: 'Denver', region: 'CO', postalPrefix: '802' },
  { city: 'Seattle', region: 'WA', postalPrefix: '981' },
  { city: 'Portland', region: 'OR', postalPrefix: '972' },
  { city: 'Chicago', region: 'IL', postalPrefix: '606' },
  { city: 'Boston', region: 'MA', postalPrefix: '021' },
  { city: 'Brooklyn', region: 'NY', postalPrefix: '112' },
  { city: 'Atlanta', region: 'GA', postalPrefix: '303' },
  { city: 'Miami', region: 'FL', postalPrefix: '331' },
];

export const CA_CITIES: readonly CityEntry[] = [
  { city: 'Toronto', region: 'ON', postalPrefix: 'M5V' },
  { city: 'Vancouver', region: 'BC', postalPrefix: 'V6B' },
  { city: 'Montréal', region: 'QC', postalPrefix: 'H2X' },
];

export const EU_CITIES: readonly CityEntry[] = [
  { city: 'Berlin', region: 'BE', postalPrefix: '101' },
  { city: 'München', region: 'BY', postalPrefix: '803' },
  { city: 'Paris', region: 'IDF', postalPrefix: '750' },
  { city: 'Dublin', region: 'D', postalPrefix: 'D02' },
];

export const UK_CITIES: readonly CityEntry[] = [
  { city: 'London', region: 'Greater London', postalPrefix: 'EC1A' },
  { city: 'Manchester', region: 'Greater Manchester', postalPrefix: 'M1' },
  { city: 'Bristol', region: 'Bristol', postalPrefix: 'BS1' },
  { city: 'Leeds', region: 'West Yorkshire', postalPrefix: 'LS1' },
  { city: 'Edinburgh', region: 'Midlothian', postalPrefix: 'EH1' },
  { city: 'Cardiff', region: 'South Glamorgan', postalPrefix: 'CF10' },
  { city: 'Brighton', region: 'East Sussex', postalPrefix: 'BN1' },
];

export const ITEMS = [
  { id: '1', name: 'Services', unitCents: 15000 },
  { id: '2', name: 'Hours', unitCents: 9500 },
  { id: '3', name: 'Design', unitCents: 7500 },
  { id: '4', name: 'Installation', unitCents: 5000 },
  { id: '5', name: 'Maintenance', unitCents: 12500 },
  { id: '6', name: 'Consulting', unitCents: 20000 },
] as const;
