import { z } from 'zod';

export const SeatRoleSchema = z.enum(['owner', 'member']);

export const SeatSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  role: SeatRoleSchema,
  createdAt: z.string(),
});
export type Seat = z.infer<typeof SeatSchema>;
