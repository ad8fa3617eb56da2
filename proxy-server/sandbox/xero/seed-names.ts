/** Word lists for seeded contacts. Plain data; the awkward cases live in seed-awkward-contacts.ts. */
export const FIRST_NAMES = [
  'Aroha', 'Liam', 'Olivia', 'Noah', 'Amelia', 'Oliver', 'Isla', 'Jack', 'Charlotte', 'Leo', 'Mia', 'Hemi', 'Sophie',
  'George', 'Ava', 'Harry', 'Grace', 'Mateo', 'Ruby', 'Tama', 'Ella', 'Arthur', 'Freya', 'Oscar', 'Lily', 'Nikau',
  'Chloe', 'Theo', 'Poppy', 'Finn', 'Maia', 'Henry', 'Emily', 'Kahu', 'Zara', 'Samuel', 'Anahera', 'William', 'Hannah',
  'Thomas',
] as const;

export const LAST_NAMES = [
  'Ngata', 'Smith', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Jones', 'Walker', 'Thompson', 'Anderson', 'Parata',
  'Clarke', 'Robinson', 'Wright', 'Mitchell', 'Campbell', 'Harris', 'Young', 'King', 'Turner', 'Scott', 'Baker',
  'Cooper', 'Hughes', 'Edwards', 'Morgan', 'Patel', 'Singh', 'Chen', 'Nguyen', 'Kim', 'Tuhiwai', 'Murphy', 'Kelly',
  'Evans', 'Reid', 'Fraser', 'Stewart', 'Marshall', 'Grant',
] as const;

export const COMPANY_WORDS = [
  'Harbour', 'Summit', 'Kauri', 'Pohutukawa', 'Thistle', 'Granite', 'Meridian', 'Copper', 'Willow', 'Beacon', 'Fern',
  'Orbit', 'Cedar', 'Atlas', 'Pioneer', 'Riverside', 'Northgate', 'Bluebell', 'Ironbark', 'Lighthouse', 'Tui',
  'Kea', 'Heather', 'Oakridge', 'Silverline', 'Sterling', 'Marlin', 'Coastal', 'Highland', 'Evergreen',
] as const;

export const COMPANY_KINDS = [
  'Builders', 'Plumbing', 'Electrical', 'Consulting', 'Design', 'Catering', 'Logistics', 'Motors', 'Dental', 'Legal',
  'Florists', 'Bakery', 'Engineering', 'Media', 'Landscaping', 'Joinery', 'Surveyors', 'Print', 'Coffee', 'Fitness',
] as const;

export const COMPANY_SUFFIXES = ['Ltd', 'Limited', 'Group', '& Co', 'Partners', 'Holdings', ''] as const;

export const STREET_NAMES = [
  'Queen Street', 'High Street', 'Victoria Road', 'Station Road', 'Church Lane', 'Lambton Quay', 'Ponsonby Road',
  'Mill Lane', 'Park Avenue', 'Kings Road',
] as const;

export const LINE_DESCRIPTIONS = [
  'Consulting services', 'Monthly retainer', 'Site visit', 'Design work', 'Hardware supplies', 'Installation',
  'Training session', 'Support hours', 'Materials', 'Delivery',
] as const;
