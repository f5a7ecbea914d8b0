// Leave types by code, for showing a request's type by its name (retired types too).
import { useQuery } from '../../api/query'
import { leaveTypesKey, loadLeaveTypes, type LeaveType } from './leave-api'

export function useLeaveTypes() {
  return useQuery(leaveTypesKey, loadLeaveTypes)
}

/** The type's name, or its code while the types load (or for a code the list lacks). */
export function useTypeName(): (code: string) => string {
  const types = useLeaveTypes()
  return (code) => types.data?.find((type: LeaveType) => type.code === code)?.name ?? code
}
