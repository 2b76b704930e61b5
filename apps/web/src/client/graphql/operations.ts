// Every GraphQL document the web client sends, in this one module: each operation is named, so
// that a persisted-operation manifest (safelist) can be extracted from here later.
// Every selection of an Organization or a Member includes `id asOf`: the cache keys them by both.
import { gql } from '@apollo/client';

export const TREE_NODE = gql`
  fragment TreeNode on Organization {
    id
    asOf
    code
    name
    kind
    memberCount
    childCount: descendants(maxDepth: 1, first: 0) {
      totalCount
    }
    admissionTarget(year: $year) {
      hasTarget
      target
      admitted
      achievementRate
    }
  }
`;

export const ORGANIZATION_ROOTS = gql`
  query OrganizationRoots($asOf: Date, $year: Int!) {
    organizationRoots(asOf: $asOf) {
      ...TreeNode
    }
  }
  ${TREE_NODE}
`;

export const ORGANIZATION_CHILDREN = gql`
  query OrganizationChildren($id: ID!, $asOf: Date, $year: Int!, $first: Int!, $after: String) {
    organization(id: $id, asOf: $asOf) {
      id
      asOf
      children(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...TreeNode
          }
        }
      }
    }
  }
  ${TREE_NODE}
`;

export const SEARCH_ORGANIZATIONS = gql`
  query SearchOrganizations($text: String!, $asOf: Date, $under: ID, $first: Int) {
    searchOrganizations(text: $text, asOf: $asOf, under: $under, first: $first) {
      id
      asOf
      code
      name
      kind
      ancestors {
        id
        asOf
        name
      }
    }
  }
`;

export const ORGANIZATION_PAGE = gql`
  query OrganizationPage($id: ID, $code: String, $asOf: Date, $year: Int!) {
    organization(id: $id, code: $code, asOf: $asOf) {
      id
      asOf
      code
      name
      kind
      sector
      validFrom
      validTo
      ancestors {
        id
        asOf
        name
        kind
      }
      memberCount
      probationary: memberCount(status: [PROBATIONARY])
      prospects(first: 0) {
        totalCount
      }
      registered: prospects(first: 0, stage: REGISTERED) {
        totalCount
      }
      awareness: prospects(first: 0, stage: AWARENESS_CLASS_PASSED) {
        totalCount
      }
      helper: prospects(first: 0, stage: HELPER_ASSIGNED) {
        totalCount
      }
      introducers: prospects(first: 0, stage: INTRODUCERS_ASSIGNED) {
        totalCount
      }
      dossier: prospects(first: 0, stage: DOSSIER_COMPLETE) {
        totalCount
      }
      cellResolution: prospects(first: 0, stage: CELL_RESOLUTION) {
        totalCount
      }
      committeeResolution: prospects(first: 0, stage: COMMITTEE_RESOLUTION) {
        totalCount
      }
      admissions(year: $year) {
        total
        byQuarter {
          key
          count
        }
      }
      admissionTarget(year: $year) {
        hasTarget
        target
        admitted
        achievementRate
        quarters {
          quarter
          target
          admitted
          achievementRate
        }
      }
      admissionPerformance(year: $year) {
        organization {
          id
          asOf
          name
        }
        hasTarget
        target
        admitted
        achievementRate
        rank
      }
      qualityRating(year: $year) {
        grade
        score
        decisionRef
        gradeBasis
        ruleSet {
          code
          name
        }
      }
      changes {
        id
        type
        effectiveOn
        decisionRef
        previousName
        newName
        previousKind
        newKind
        previousParent {
          id
          asOf
          name
        }
        newParent {
          id
          asOf
          name
        }
      }
    }
  }
`;

/** Counts from 1 to this − 1 are withheld from the signed-in user (null): analysts only (docs/decisions/0021). */
export const SMALL_CELL_THRESHOLD = gql`
  query SmallCellThreshold {
    smallCellThreshold
  }
`;

export const RATING_DISTRIBUTION = gql`
  query RatingDistribution($under: ID!, $year: Int!) {
    ratingDistribution(under: $under, year: $year) {
      grade
      count
    }
  }
`;

export const MEMBER_ROW = gql`
  fragment MemberRow on Member {
    id
    asOf
    fullName
    gender
    birthDate @include(if: $sensitive)
    status
    activity
    admittedOn
    organization {
      id
      asOf
      name
    }
  }
`;

export const ORGANIZATION_MEMBERS = gql`
  query OrganizationMembers($id: ID!, $asOf: Date, $first: Int!, $after: String, $filter: MemberFilter, $includeDescendants: Boolean!, $orderBy: MemberOrder, $sensitive: Boolean!) {
    organization(id: $id, asOf: $asOf) {
      id
      asOf
      members(first: $first, after: $after, filter: $filter, includeDescendants: $includeDescendants, orderBy: $orderBy) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...MemberRow
          }
        }
      }
    }
  }
  ${MEMBER_ROW}
`;

export const READY_PROSPECTS = gql`
  query ReadyProspects($id: ID!, $asOf: Date, $sensitive: Boolean!) {
    organization(id: $id, asOf: $asOf) {
      id
      asOf
      prospects(first: 50, stage: COMMITTEE_RESOLUTION) {
        totalCount
        edges {
          node {
            id
            fullName
            birthDate @include(if: $sensitive)
            stage
            version
            organization {
              id
              asOf
              name
            }
          }
        }
      }
    }
  }
`;

export const MEMBER_PAGE = gql`
  query MemberPage($id: ID!, $asOf: Date, $sensitive: Boolean!) {
    member(id: $id, asOf: $asOf) {
      id
      asOf
      fullName
      gender
      birthDate @include(if: $sensitive)
      birthplace
      ethnicity @include(if: $sensitive)
      religion @include(if: $sensitive)
      citizenId @include(if: $sensitive)
      familyBackground @include(if: $sensitive)
      educationLevel
      occupation
      partyCardNumber
      status
      activity
      isMember
      admittedOn
      probationEndsOn
      officialOn
      terminatedOn
      terminationReason
      partyAgeYears
      badges
      version
      organization {
        id
        asOf
        name
        ancestors {
          id
          asOf
          name
        }
      }
      hostOrganization {
        id
        asOf
        name
      }
      events {
        id
        type
        effectiveOn
        decisionRef
        until
        reason
        note
        organization {
          id
          asOf
          name
        }
      }
    }
  }
`;

export const SEARCH_CELLS = gql`
  query SearchCells($text: String!, $asOf: Date) {
    searchOrganizations(text: $text, asOf: $asOf, first: 10) {
      id
      asOf
      code
      name
      kind
    }
  }
`;

const MEMBER_PAYLOAD = gql`
  fragment MemberPayloadFields on MemberPayload {
    member {
      id
      asOf
      status
      activity
      isMember
      version
    }
    event {
      id
      type
      effectiveOn
    }
  }
`;

export const ADMIT_MEMBER = gql`
  mutation AdmitMember($input: AdmitMemberInput!) {
    admitMember(input: $input) {
      member {
        id
        asOf
        fullName
        status
      }
      prospect {
        id
        stage
      }
      event {
        id
        type
        effectiveOn
      }
    }
  }
`;

export const RECOGNIZE_OFFICIAL_MEMBER = gql`
  mutation RecognizeOfficialMember($input: RecognizeOfficialMemberInput!) {
    recognizeOfficialMember(input: $input) {
      ...MemberPayloadFields
    }
  }
  ${MEMBER_PAYLOAD}
`;

export const TRANSFER_MEMBER = gql`
  mutation TransferMember($input: TransferMemberInput!) {
    transferMember(input: $input) {
      ...MemberPayloadFields
    }
  }
  ${MEMBER_PAYLOAD}
`;

export const EXEMPT_MEMBER = gql`
  mutation ExemptMember($input: ExemptMemberInput!) {
    exemptMember(input: $input) {
      ...MemberPayloadFields
    }
  }
  ${MEMBER_PAYLOAD}
`;

export const END_EXEMPTION = gql`
  mutation EndExemption($input: EndExemptionInput!) {
    endExemption(input: $input) {
      ...MemberPayloadFields
    }
  }
  ${MEMBER_PAYLOAD}
`;

export const TERMINATE_MEMBERSHIP = gql`
  mutation TerminateMembership($input: TerminateMembershipInput!) {
    terminateMembership(input: $input) {
      ...MemberPayloadFields
    }
  }
  ${MEMBER_PAYLOAD}
`;

