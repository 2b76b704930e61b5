export { random, type Random } from './random';
export { addDays, addMonths, daysBetween, fullYears } from './dates';
export * as model from './ninh-thuan';
export { buildTree, codeOf, type CellProfile, type DemoTree, type OrganizationKind, type PlannedCell, type PlannedChange, type PlannedOrganization, type Sector } from './tree';
export { buildRegister, memberOn, stateOn, type DemoEvent, type DemoMember, type DemoProspect, type DemoRegister, type EventType, type ProspectStep, type TerminationReason } from './register';
export { buildEvaluation, grade, split, type DemoEvaluation, type Grade, type RatingGroup, type TargetAssignment } from './evaluation';
export { NAME_PARTS, type EducationLevel, type Gender, type Source } from './people';
export { DEFAULT_SEED, describeDemo, ninhThuanDemo, type Demo } from './demo';
