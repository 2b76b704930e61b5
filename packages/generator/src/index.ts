export { generate, GENERATED_MARK, validateOptions, silentReporter, GeneratorError, type GenerateOptions, type GenerateResult, type Phase, type PhaseProgress, type Reporter } from './generate';
export { checkConsistency, type Check, type CheckOptions } from './checks';
export { generateMembers, type GenerateMembersOptions, type MemberCounts } from './members';
export { existingTables, MEMBER_LOAD_INDEXES, MEMBER_TABLES, placeAll, setAdmissionTargets, suspendIndexes, type Suspended } from './place';
export { COMMUNES, COMMUNES_PER_DISTRICT, loadTree, planRestructuring, provinceCode, type PlannedTreeChange, type Restructuring, type TreeCounts, type TreeOptions } from './tree';
