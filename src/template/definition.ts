/**
 * The national templates as data: every row and column of sections 二, 三 and 四 with the
 * canonical keys of the output contract (report-format.md). 2021 = 国办公开办函〔2021〕30号,
 * 2019 = the trial template of 国办公开办函〔2019〕60号.
 */

export type TemplateId = '2021' | '2019';
export const TEMPLATE_IDS: readonly TemplateId[] = ['2021', '2019'];

/** Section 三 columns, left to right as printed. */
export const APPLICANT_COLUMNS = [
  'naturalPerson', 'commercialEnterprise', 'researchInstitution', 'socialWelfareOrg', 'legalServiceOrg', 'otherOrg', 'total',
] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];
/** The six applicant columns that a row's 总计 (the last column) sums. */
export const APPLICANT_PARTS = APPLICANT_COLUMNS.slice(0, -1) as readonly Exclude<ApplicantColumn, 'total'>[];

/** Section 四: three groups of five columns, left to right as printed. */
export const REVIEW_GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'] as const;
export const REVIEW_OUTCOMES = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
/** The four outcomes that a group's 总计 (the last column) sums. */
export const REVIEW_OUTCOME_PARTS = REVIEW_OUTCOMES.slice(0, -1) as readonly Exclude<ReviewOutcome, 'total'>[];

/** The circular that issued each template, as cited in a report's preamble (国办公开办函〔2021〕30号). */
export const TEMPLATE_CIRCULARS: Record<TemplateId, { year: number; number: number }> = {
  '2021': { year: 2021, number: 30 },
  '2019': { year: 2019, number: 60 },
};

/** A section 二 row: its printed labels (variants) and its value columns in printed order. */
export interface ProactiveRow {
  readonly key: string;
  readonly labels: readonly string[];
  readonly columns: readonly string[];
  /** What the columns mean, as printed in the template's header. */
  readonly columnLabels: readonly string[];
}

const PROACTIVE_ROW_TABLE = {
  '2021': [
    { key: 'rules', labels: ['规章'], columns: ['issued', 'repealed', 'inForce'], columnLabels: ['本年制发件数', '本年废止件数', '现行有效件数'] },
    { key: 'normativeDocuments', labels: ['行政规范性文件', '规范性文件'], columns: ['issued', 'repealed', 'inForce'], columnLabels: ['本年制发件数', '本年废止件数', '现行有效件数'] },
    { key: 'licensing', labels: ['行政许可'], columns: ['decisions'], columnLabels: ['本年处理决定数量'] },
    { key: 'punishment', labels: ['行政处罚'], columns: ['decisions'], columnLabels: ['本年处理决定数量'] },
    { key: 'coercion', labels: ['行政强制'], columns: ['decisions'], columnLabels: ['本年处理决定数量'] },
    { key: 'fees', labels: ['行政事业性收费'], columns: ['amountWan'], columnLabels: ['本年收费金额（单位：万元）'] },
  ],
  '2019': [
    { key: 'rules', labels: ['规章'], columns: ['newlyMade', 'newlyPublished', 'totalPublished'], columnLabels: ['本年新制作数量', '本年新公开数量', '对外公开总数量'] },
    { key: 'normativeDocuments', labels: ['规范性文件', '行政规范性文件'], columns: ['newlyMade', 'newlyPublished', 'totalPublished'], columnLabels: ['本年新制作数量', '本年新公开数量', '对外公开总数量'] },
    { key: 'licensing', labels: ['行政许可'], columns: ['previousYearItems', 'changeThisYear', 'decisions'], columnLabels: ['上一年项目数量', '本年增/减', '处理决定数量'] },
    { key: 'otherExternalServices', labels: ['其他对外管理服务事项'], columns: ['previousYearItems', 'changeThisYear', 'decisions'], columnLabels: ['上一年项目数量', '本年增/减', '处理决定数量'] },
    { key: 'punishment', labels: ['行政处罚'], columns: ['previousYearItems', 'changeThisYear', 'decisions'], columnLabels: ['上一年项目数量', '本年增/减', '处理决定数量'] },
    { key: 'coercion', labels: ['行政强制'], columns: ['previousYearItems', 'changeThisYear', 'decisions'], columnLabels: ['上一年项目数量', '本年增/减', '处理决定数量'] },
    { key: 'fees', labels: ['行政事业性收费'], columns: ['previousYearItems', 'changeThisYear'], columnLabels: ['上一年项目数量', '本年增/减'] },
    { key: 'centralizedProcurement', labels: ['政府集中采购'], columns: ['projects', 'amount'], columnLabels: ['采购项目数量', '采购总金额'] },
  ],
} as const satisfies Record<TemplateId, readonly ProactiveRow[]>;

export const PROACTIVE_ROWS: Record<TemplateId, readonly ProactiveRow[]> = PROACTIVE_ROW_TABLE;

/** The groups of section 三's results whose items are numbered 1., 2., … under them. */
export type ResultGroup = 'denied' | 'unable' | 'notProcessed' | 'other';

export const RESULT_GROUP_LABELS: Record<ResultGroup, readonly string[]> = {
  denied: ['不予公开'],
  unable: ['无法提供'],
  notProcessed: ['不予处理'],
  other: ['其他处理'],
};

/** A section 三 row: its key path under `applications`, its labels, and its group where it has one. */
export interface ApplicationRow {
  readonly path: string;
  readonly labels: readonly string[];
  readonly group?: ResultGroup;
  /** The label with the template's numbering and punctuation, where it differs from the first label (flattened text is matched by it). */
  readonly printed?: string;
  /** Wording of the row that only its template prints, short enough to survive a label broken across cells. */
  readonly mark?: string;
}

const TOP_ROWS_BEFORE = [
  { path: 'newReceived', labels: ['本年新收政府信息公开申请数量', '本年新收政府信息公开申请数', '本年新收政府信息公开申请'] },
  { path: 'carriedOver', labels: ['上年结转政府信息公开申请数量', '上年结转政府信息公开申请数', '上年结转政府信息公开申请'] },
  { path: 'results.granted', labels: ['予以公开'], printed: '（一）予以公开' },
  { path: 'results.partiallyGranted', labels: ['部分公开', '部分公开区分处理的只计这一情形不计其他情形'], printed: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
] as const satisfies readonly ApplicationRow[];

const GROUPED_ROWS = [
  { path: 'results.denied.stateSecret', group: 'denied', labels: ['属于国家秘密'] },
  { path: 'results.denied.prohibitedByLaw', group: 'denied', labels: ['其他法律行政法规禁止公开'] },
  { path: 'results.denied.threeSafetyOneStability', group: 'denied', labels: ['危及三安全一稳定'] },
  { path: 'results.denied.thirdPartyRights', group: 'denied', labels: ['保护第三方合法权益'] },
  { path: 'results.denied.internalAffairs', group: 'denied', labels: ['属于三类内部事务信息'] },
  { path: 'results.denied.processInformation', group: 'denied', labels: ['属于四类过程性信息'] },
  { path: 'results.denied.enforcementFiles', group: 'denied', labels: ['属于行政执法案卷'] },
  { path: 'results.denied.administrativeQuery', group: 'denied', labels: ['属于行政查询事项'] },
  { path: 'results.unable.notHeld', group: 'unable', labels: ['本机关不掌握相关政府信息'] },
  { path: 'results.unable.needsCreation', group: 'unable', labels: ['没有现成信息需要另行制作'] },
  { path: 'results.unable.unclearAfterCorrection', group: 'unable', labels: ['补正后申请内容仍不明确'] },
  { path: 'results.notProcessed.petitionComplaint', group: 'notProcessed', labels: ['信访举报投诉类申请'] },
  { path: 'results.notProcessed.duplicate', group: 'notProcessed', labels: ['重复申请'] },
  { path: 'results.notProcessed.publication', group: 'notProcessed', labels: ['要求提供公开出版物'] },
  { path: 'results.notProcessed.massRepeated', group: 'notProcessed', labels: ['无正当理由大量反复申请'] },
  { path: 'results.notProcessed.confirmOrReissue', group: 'notProcessed', labels: ['要求行政机关确认或重新出具已获取信息'] },
] as const satisfies readonly ApplicationRow[];

const OTHER_SUBROWS = [
  {
    path: 'results.other.overdueCorrection', group: 'other', labels: ['申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请'],
    printed: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', mark: '逾期不补正',
  },
  {
    path: 'results.other.overdueFee', group: 'other', labels: ['申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请'],
    printed: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', mark: '逾期未按收费通知',
  },
  { path: 'results.other.other', group: 'other', labels: ['其他'] },
] as const satisfies readonly ApplicationRow[];

/** （六）其他处理 printed as one row: the 2019 template, and some 2021 reports that keep its layout. */
export const OTHER_AS_ONE_ROW = 'results.other.total' as const;

const TOP_ROWS_AFTER = [
  { path: 'results.total', labels: ['总计'], printed: '（七）总计' },
  { path: 'carriedForward', labels: ['结转下年度继续办理', '结转下年度继续办理的政府信息公开申请数量'] },
] as const satisfies readonly ApplicationRow[];

const APPLICATION_ROW_TABLE = {
  '2021': [...TOP_ROWS_BEFORE, ...GROUPED_ROWS, ...OTHER_SUBROWS, ...TOP_ROWS_AFTER],
  '2019': [...TOP_ROWS_BEFORE, ...GROUPED_ROWS, { path: OTHER_AS_ONE_ROW, labels: [], printed: '（六）其他处理' }, ...TOP_ROWS_AFTER],
} as const satisfies Record<TemplateId, readonly ApplicationRow[]>;

export const APPLICATION_ROWS: Record<TemplateId, readonly ApplicationRow[]> = APPLICATION_ROW_TABLE;

/** A section 二 figure's path: `proactive.<row>.<column>` for the template's rows. */
type ProactivePath<T extends TemplateId> = (typeof PROACTIVE_ROW_TABLE)[T][number] extends infer Row
  ? Row extends { key: infer Key extends string; columns: readonly (infer Column extends string)[] } ? `proactive.${Key}.${Column}` : never
  : never;

/** Every figure's dotted path in a template, as a type (the figure tree of the report is built from it). */
export type FigurePath<T extends TemplateId> =
  | ProactivePath<T>
  | `applications.${(typeof APPLICATION_ROW_TABLE)[T][number]['path']}.${ApplicantColumn}`
  | `reviewLitigation.${ReviewGroup}.${ReviewOutcome}`;

/** The 2021 figures of （六）其他处理 printed as one row (present only then). */
export type OtherAsOneRowPath = `applications.${typeof OTHER_AS_ONE_ROW}.${ApplicantColumn}`;

const pathCache = new Map<TemplateId, readonly string[]>();

/** Every figure of a template as a dotted path, in printed order (200 for the 2021 template). */
export function figurePaths(template: TemplateId): readonly string[] {
  const cached = pathCache.get(template);
  if (cached) return cached;
  const paths: string[] = [];
  for (const row of PROACTIVE_ROWS[template]) for (const column of row.columns) paths.push(`proactive.${row.key}.${column}`);
  for (const row of APPLICATION_ROWS[template]) for (const column of APPLICANT_COLUMNS) paths.push(`applications.${row.path}.${column}`);
  for (const group of REVIEW_GROUPS) for (const outcome of REVIEW_OUTCOMES) paths.push(`reviewLitigation.${group}.${outcome}`);
  pathCache.set(template, paths);
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Names for people: the template's Chinese wording and English names of every section, row and
// column, the unit of each figure and the 2019 ↔ 2021 crosswalk. The codebook, the JSON Schema's
// descriptions and the dataset's data package are all generated from these (src/template/fields.ts).

export type SectionKey = 'proactive' | 'applications' | 'reviewLitigation';

/** The three statistical sections as headed in the template. */
export const SECTION_NAMES: Record<SectionKey, { zh: string; en: string }> = {
  proactive: { zh: '二、主动公开政府信息情况', en: 'II. Information published proactively' },
  applications: { zh: '三、收到和处理政府信息公开申请情况', en: 'III. Disclosure applications received and handled' },
  reviewLitigation: { zh: '四、政府信息公开行政复议、行政诉讼情况', en: 'IV. Administrative review and litigation over disclosure' },
};

/** Section 二 rows in English, by key (both templates). */
export const PROACTIVE_ROW_NAMES_EN: Record<string, string> = {
  rules: 'rules (规章)',
  normativeDocuments: 'administrative normative documents',
  licensing: 'administrative licensing',
  otherExternalServices: 'other external management services',
  punishment: 'administrative penalties',
  coercion: 'administrative coercion',
  fees: 'administrative fees',
  centralizedProcurement: 'centralized government procurement',
};

/** Section 二 columns in English, by key (both templates). */
export const PROACTIVE_COLUMN_NAMES_EN: Record<string, string> = {
  issued: 'issued this year',
  repealed: 'repealed this year',
  inForce: 'in force',
  decisions: 'decisions made this year',
  amountWan: 'fees collected this year',
  newlyMade: 'newly made this year',
  newlyPublished: 'newly published this year',
  totalPublished: 'published in total',
  previousYearItems: 'items in the previous year',
  changeThisYear: 'change this year (may be negative)',
  projects: 'procurement projects',
  amount: 'total procurement amount',
};

/** Section 三's result groups in English. */
export const RESULT_GROUP_NAMES_EN: Record<ResultGroup, string> = {
  denied: 'not disclosed',
  unable: 'unable to provide',
  notProcessed: 'not processed',
  other: 'other handling',
};

/** Section 三 rows in English, by path under `applications`. */
export const APPLICATION_ROW_NAMES_EN: Record<string, string> = {
  newReceived: 'new applications received this year',
  carriedOver: 'applications carried over from last year',
  'results.granted': 'disclosed',
  'results.partiallyGranted': 'partly disclosed',
  'results.denied.stateSecret': 'state secret',
  'results.denied.prohibitedByLaw': 'disclosure forbidden by other laws or administrative regulations',
  'results.denied.threeSafetyOneStability': 'would endanger the "three safeties and one stability"',
  'results.denied.thirdPartyRights': "to protect a third party's lawful rights",
  'results.denied.internalAffairs': 'internal affairs (three kinds)',
  'results.denied.processInformation': 'process information (four kinds)',
  'results.denied.enforcementFiles': 'administrative enforcement files',
  'results.denied.administrativeQuery': 'administrative inquiry matters',
  'results.unable.notHeld': 'the agency does not hold the information',
  'results.unable.needsCreation': 'no such information; it would have to be made',
  'results.unable.unclearAfterCorrection': 'request still unclear after correction',
  'results.notProcessed.petitionComplaint': 'petitions, reports and complaints',
  'results.notProcessed.duplicate': 'repeated applications',
  'results.notProcessed.publication': 'requests for published material',
  'results.notProcessed.massRepeated': 'mass repeated applications without good reason',
  'results.notProcessed.confirmOrReissue': 'requests to confirm or reissue information already obtained',
  'results.other.overdueCorrection': 'applicant did not correct the application in time',
  'results.other.overdueFee': 'applicant did not pay the fee in time',
  'results.other.other': 'other',
  [OTHER_AS_ONE_ROW]: 'other handling (one row)',
  'results.total': 'total handled',
  carriedForward: 'carried forward to next year',
};

/** Section 三 columns: the template's header (group / column) and English names. */
export const APPLICANT_COLUMN_NAMES: Record<ApplicantColumn, { zh: string; en: string }> = {
  naturalPerson: { zh: '自然人', en: 'natural persons' },
  commercialEnterprise: { zh: '法人或其他组织：商业企业', en: 'commercial enterprises' },
  researchInstitution: { zh: '法人或其他组织：科研机构', en: 'research institutions' },
  socialWelfareOrg: { zh: '法人或其他组织：社会公益组织', en: 'social welfare organizations' },
  legalServiceOrg: { zh: '法人或其他组织：法律服务机构', en: 'legal service organizations' },
  otherOrg: { zh: '法人或其他组织：其他', en: 'other organizations' },
  total: { zh: '总计', en: 'total' },
};

/** Section 四's column groups (a "row" of the long tables) and outcomes, as headed in the template. */
export const REVIEW_GROUP_NAMES: Record<ReviewGroup, { zh: string; en: string }> = {
  review: { zh: '行政复议', en: 'administrative review' },
  litigationDirect: { zh: '行政诉讼：未经复议直接起诉', en: 'litigation without prior review' },
  litigationAfterReview: { zh: '行政诉讼：复议后起诉', en: 'litigation after review' },
};

export const REVIEW_OUTCOME_NAMES: Record<(typeof REVIEW_OUTCOMES)[number], { zh: string; en: string }> = {
  upheld: { zh: '结果维持', en: 'upheld' },
  corrected: { zh: '结果纠正', en: 'corrected' },
  other: { zh: '其他结果', en: 'other outcome' },
  pending: { zh: '尚未审结', en: 'pending' },
  total: { zh: '总计', en: 'total' },
};

/**
 * Units of figures that are not counts of cases or documents (件), by template and path.
 * `元 or 万元`: printed in either; the report's `extraction.units` records which.
 */
export const FIGURE_UNITS: Record<TemplateId, Record<string, string>> = {
  '2021': { 'proactive.fees.amountWan': '万元' },
  '2019': {
    'proactive.licensing.previousYearItems': '项', 'proactive.licensing.changeThisYear': '项',
    'proactive.otherExternalServices.previousYearItems': '项', 'proactive.otherExternalServices.changeThisYear': '项',
    'proactive.punishment.previousYearItems': '项', 'proactive.punishment.changeThisYear': '项',
    'proactive.coercion.previousYearItems': '项', 'proactive.coercion.changeThisYear': '项',
    'proactive.fees.previousYearItems': '项', 'proactive.fees.changeThisYear': '项',
    'proactive.centralizedProcurement.projects': '个',
    'proactive.centralizedProcurement.amount': '元 or 万元',
  },
};

/** The amounts whose unit a report prints beside them (元 or 万元). */
export const AMOUNTS_PRINTED_WITH_UNIT: Record<TemplateId, readonly string[]> = {
  '2021': [],
  '2019': ['proactive.centralizedProcurement.amount'],
};

/**
 * 2019 ↔ 2021: figures of section 三 and 四 have the same path and meaning in both templates,
 * except （六）其他处理, one row in 2019 and three in 2021. Section 二 differs; where a 2019
 * figure has a counterpart it is listed here ("same": the same count; "close": a similar count
 * under other wording; "sum": the 2019 figure is the sum of the 2021 ones). Others have none.
 */
export const CROSSWALK_2019_TO_2021: { from2019: string; to2021: string[]; relation: 'same' | 'close' | 'sum' }[] = [
  { from2019: 'proactive.rules.newlyMade', to2021: ['proactive.rules.issued'], relation: 'close' },
  { from2019: 'proactive.normativeDocuments.newlyMade', to2021: ['proactive.normativeDocuments.issued'], relation: 'close' },
  { from2019: 'proactive.licensing.decisions', to2021: ['proactive.licensing.decisions'], relation: 'same' },
  { from2019: 'proactive.punishment.decisions', to2021: ['proactive.punishment.decisions'], relation: 'same' },
  { from2019: 'proactive.coercion.decisions', to2021: ['proactive.coercion.decisions'], relation: 'same' },
  ...APPLICANT_COLUMNS.map((column) => ({
    from2019: `applications.${OTHER_AS_ONE_ROW}.${column}`,
    to2021: ['overdueCorrection', 'overdueFee', 'other'].map((row) => `applications.results.other.${row}.${column}`),
    relation: 'sum' as const,
  })),
];
/** Section 三's column headers as printed (under 申请人情况; the five middle ones under 法人或其他组织). */
export const APPLICANT_COLUMN_LABELS: Record<ApplicantColumn, string> = {
  naturalPerson: '自然人', commercialEnterprise: '商业企业', researchInstitution: '科研机构', socialWelfareOrg: '社会公益组织',
  legalServiceOrg: '法律服务机构', otherOrg: '其他', total: '总计',
};

/** Section 四's column groups as printed: 行政复议, then under 行政诉讼 the two kinds of suit. */
export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
  review: '行政复议', litigationDirect: '未经复议直接起诉', litigationAfterReview: '复议后起诉',
};

/** Section 四's five columns of each group, as printed. */
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结', total: '总计',
};

/** The headings of the three statistical sections and the header cells that group columns, as printed. */
export const SECTION_HEADINGS = {
  proactive: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  reviewLitigation: '四、政府信息公开行政复议、行政诉讼情况',
} as const;
/** The headings without their numerals ("三、"): how a report's text names the sections. */
export const SECTION_TITLES = Object.fromEntries(
  Object.entries(SECTION_HEADINGS).map(([section, heading]) => [section, heading.replace(/^[一二三四五六七八九十]+、/, '')]),
) as Record<keyof typeof SECTION_HEADINGS, string>;
export const HEADER_LABELS = {
  proactiveItem: '信息内容', applicants: '申请人情况', legalPersons: '法人或其他组织', results: '本年度办理结果', litigation: '行政诉讼',
} as const;
