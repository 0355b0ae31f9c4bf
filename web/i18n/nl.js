// @ts-check
/**
 * The page's Dutch texts, the language it opens in. A text that takes values is a
 * function; a table of words is looked up by a code the API sends (a status, an error
 * code, a field), so it is typed by string and may miss a code the service added later.
 */

/**
 * What the English texts must match beyond having the same keys: the signatures of the
 * texts that take values, and the tables of words looked up by an API code.
 * @typedef {object} Lookups
 * @property {Record<string, string>} roleText
 * @property {Record<string, string>} statuses
 * @property {Record<string, string>} outcomes
 * @property {Record<string, string>} designs
 * @property {Record<string, string | ((field: string) => string)>} errors
 * @property {Record<string, string>} tokenReasons
 * @property {Record<string, (field: string, bound: string) => string>} dateReasons
 * @property {Record<string, string>} fields
 * @property {(from: string, to: string) => string} planRange
 * @property {(from: string, to: string) => string} inspectedRange
 * @property {(outcome: string, at: string) => string} recordedAs
 * @property {(from: string, to: string, by: string, at: string) => string} correctedTo
 * @property {(version: number, k: number, precision: string, low: string, high: string, size: string) => string} liveInside
 * @property {(version: number, k: number, precision: string, low: string, high: string, size: string) => string} liveOutside
 * @property {(version: number, k: number) => string} liveNone
 * @property {(low: string, high: string) => string} outsideBounds
 * @property {(low: string, high: string) => string} boundsColour
 * @property {(count: string) => string} shownInList
 * @property {(code: string | number) => string} errorUnknown
 */

export const nl = /** @satisfies {Lookups & Record<string, unknown>} */ ({
  title: 'hennep-risk', footer: 'Een risicoscore is een signaal voor een menselijke afweging, geen bewijs. Elke raadpleging wordt vastgelegd.',
  skip: 'Naar de inhoud', nav: 'Hoofdmenu', switchLang: 'Switch to English', signOut: 'Afmelden', purposeChange: 'Doel wijzigen',
  risk: 'Risicolijst', signals: 'Voorstellen', controls: 'Controles', models: 'Modellen', jobs: 'Taken', audit: 'Auditlog',
  signInTitle: 'Aanmelden', signInDemo: 'Demo-aanmelding: kies een rol. Zonder ingestelde OIDC-uitgever maakt de dienst zelf een token; elke aanmelding wordt vastgelegd.',
  signInToken: 'Aanmelden met een token van de beheerder (`hennep token --role ROL --user NAAM`). Deze dienst heeft geen OIDC-uitgever en geen demo-aanmelding.', token: 'Token', signInButton: 'Aanmelden',
  name: 'Naam', signInWith: 'Aanmelden bij', signingIn: 'Bezig met aanmelden…',
  roleText: { analist: 'Risicolijst, verklaringen, voorstellen aan het RIEC', riec: 'Voorstellen beoordelen: goedkeuren of afwijzen', interventieteam: 'Goedgekeurde controles plannen en de uitkomst vastleggen', beheerder: 'Modellen, steekproeven, hertrainen, model uitschakelen', auditor: 'Auditlog en de verificatie ervan, modelkaarten, steekproeven' },
  purposeTitle: 'Doel van deze sessie', purposeHelp: 'Gegevens op adresniveau mag u alleen inzien met een doel (doelbinding). Het doel wordt bij elke raadpleging vastgelegd.', purposeLabel: 'Doel of zaaknummer (minstens 10 letters of cijfers, of een zaaknummer als RIEC-2026-0042)', purposeSave: 'Doel vastleggen', purpose: 'Doel',
  district: 'Wijk', neighbourhood: 'Buurt', all: 'Alle', filter: 'Filteren', more: 'Meer laden',
  rank: 'Rang', address: 'Adres', probability: 'Kans', reasons: 'Belangrijkste redenen', percentile: 'Percentiel', model: 'Model', list: 'Lijst',
  referenceDate: 'Peildatum', score: 'Score (logit)', explanation: 'Verklaring', raises: 'verhoogt de score', lowers: 'verlaagt de score',
  chartCaption: 'Bijdrage per kenmerk aan de score (logit), gemeten ten opzichte van een gemiddelde woning. Rood verhoogt, groen verlaagt. Intercept plus alle bijdragen is precies de score.',
  others: 'overige kenmerken samen', feature: 'Kenmerk', contribution: 'Bijdrage', value: 'Waarde', median: 'Mediaan', intercept: 'Intercept', sum: 'Intercept + bijdragen',
  propose: 'Voorstellen aan het RIEC', reason: 'Reden', proposeButton: 'Voorstel indienen', proposed: 'Voorgesteld aan het RIEC als voorstel',
  status: 'Status', proposedBy: 'Voorgesteld door', decision: 'Besluit', legalBasis: 'Rechtsgrond', priority: 'Prioriteit', approve: 'Goedkeuren', reject: 'Afwijzen',
  queue: 'Te beoordelen voorstellen', noItems: 'Geen items.', decided: 'Besloten', statusFilter: 'Status',
  statuses: { proposed: 'voorgesteld', approved: 'goedgekeurd', rejected: 'afgewezen', control_planned: 'controle gepland', outcome_recorded: 'uitkomst vastgelegd' },
  plannedFor: 'Gepland op', plan: 'Plannen', outcome: 'Uitkomst', inspectedOn: 'Gecontroleerd op', record: 'Uitkomst vastleggen',
  outcomes: { cultivation: 'kwekerij aangetroffen', preparation: 'voorbereiding aangetroffen', nothing_found: 'niets aangetroffen', no_access: 'geen toegang' },
  chooseOutcome: '— kies de uitkomst —', finishedControls: 'Afgeronde controles', noFinished: 'Nog geen afgeronde controles.',
  planRange: (from, to) => `Van ${from} (goedkeuring door het RIEC) tot en met ${to}.`, inspectedRange: (from, to) => `Van ${from} (goedkeuring door het RIEC) tot en met vandaag, ${to}.`,
  confirmRecord: 'Deze uitkomst vastleggen?', confirmRecordYes: 'Ja, vastleggen', back: 'Terug',
  confirmNote: 'Een vastgelegde uitkomst wordt een label voor de volgende training van het model. Een vergissing herstelt u met een correctie, die apart wordt vastgelegd.',
  correct: 'Uitkomst corrigeren', correction: 'Correctie', correctedOutcome: 'Juiste uitkomst', correctionReason: 'Reden van de correctie (minstens 10 tekens)', recordCorrection: 'Correctie vastleggen',
  correctionNote: 'De correctie wordt apart vastgelegd, met uw naam en reden; de oorspronkelijke uitkomst blijft zichtbaar. De volgende training gebruikt de gecorrigeerde uitkomst.',
  confirmCorrection: 'Deze correctie vastleggen?', confirmCorrectionYes: 'Ja, corrigeren', recorded: 'Vastgelegd',
  recordedAs: (o, at) => `Vastgelegd als ${o} (${at})`, correctedTo: (from, to, by, at) => `Gecorrigeerd van ${from} naar ${to} door ${by} (${at})`,
  exportCsv: 'Exporteren (CSV)', exportExcel: 'Exporteren (Excel, ;)', approvedControls: 'Goedgekeurde controles',
  version: 'Versie', family: 'Familie', created: 'Aangemaakt', testYear: 'Testjaar', ap: 'AP', p100: 'Precisie@100', backend: 'Backend', active: 'actief',
  threeWays: 'Het testjaar op drie manieren', labelsUsed: 'Labels', size: 'Omvang', figures: 'Cijfers',
  allLabels: 'Alle labels', withoutList: 'Zonder adressen waar een risicolijst een controle heen stuurde', randomOnly: 'Alleen aselecte controles',
  findRate: 'aandeel adressen waar een controle iets vindt', estimateOf: 'schatting', intervalOf: '90%-interval', sampleOf: 'steekproef', findsOf: 'vondsten',
  noEstimate: 'geen schatting (geen aselecte controle)', wideIntervals: 'Met zo weinig aselecte controles zijn de intervallen breed; dat is wat de gegevens toelaten.',
  uniformAssumed: 'zonder opgegeven trekkingskans: gelijke kans over de adressen van dat jaar aangenomen',
  liveCheck: 'Controle in de praktijk', liveInside: (v, k, p, lo, hi, n) => `Het actieve model ${v}: precisie in de top ${k} op de labels van het testjaar ${p}, binnen het interval van de aselecte steekproef (${lo}–${hi}; ${n} adressen uit de top ${k} in de steekproef).`,
  liveOutside: (v, k, p, lo, hi, n) => `Het actieve model ${v}: precisie in de top ${k} op de labels van het testjaar ${p}, BUITEN het interval van de aselecte steekproef (${lo}–${hi}; ${n} adressen uit de top ${k} in de steekproef). De labels waarop het model wordt beoordeeld, zijn niet representatief voor de woningen die het aanwijst: wantrouw de testcijfers.`,
  liveNone: (v, k) => `Het actieve model ${v}: geen adres uit de top ${k} is aselect gecontroleerd, dus de precisie in de praktijk is dit jaar niet te controleren.`,
  calibrationWithin: 'Kalibratie binnen de groep: gemiddelde voorspelde kans tegen het aandeel met een vondst', predictedRate: 'Voorspeld', foundRate: 'Gevonden', verdict: 'Oordeel',
  verdictOver: 'vaker aangewezen dan de vondsten rechtvaardigen', verdictUnder: 'minder vaak aangewezen dan de vondsten rechtvaardigen', verdictConsistent: 'klopt',
  gateNoBound: 'geen grens toegepast (zonder attributenbestand toetst de poort geen groepsverhoudingen)',
  outside: 'buiten de grens', outsideBounds: (low, high) => `buiten de grenzen ${low}–${high}`,
  boundsColour: (low, high) => `FPR-ratio's buiten ${low}–${high} (HENNEP_FAIRNESS_LOW/HIGH) staan in rood.`,
  boundsApplied: 'De promotiepoort heeft deze grens op deze groepen toegepast.',
  boundsNotApplied: 'De promotiepoort past hier geen grens toe: zij toetst alleen de groepen van een attributenbestand, en zonder attributenbestand geldt er geen grens (zo staat het op de modelkaart).',
  card: 'Modelkaart', listPrompted: 'Controles op aanwijzing van een risicolijst', apWithout: 'AP zonder die adressen', metrics: 'Kwaliteit op het testjaar', prCurve: 'Precisie-recall op het testjaar', calibration: 'Kalibratie: voorspelde kans tegen waargenomen aandeel',
  shapes: 'Vormfuncties van het additieve model: bijdrage aan de logit per waarde van het kenmerk', fairness: 'Eerlijkheid', gate: 'Promotiepoort', events: 'Geschiedenis',
  recall: 'recall', precision: 'precisie', predicted: 'voorspeld', observed: 'waargenomen', group: 'Groep', addresses: 'Adressen', selected: 'Geselecteerd', selectionRate: 'Selectie',
  fpr: 'FPR', fprRatio: 'FPR-ratio', suppressed: 'onderdrukt (< 10 adressen)', passed: 'doorstaan', failed: 'niet doorstaan',
  activate: 'Activeren', justification: 'Schriftelijke onderbouwing (minstens 20 tekens)', disable: 'Model uitschakelen', disableReason: 'Reden (minstens 10 tekens)',
  retrain: 'Nu hertrainen', job: 'Taak', started: 'Gestart', finished: 'Klaar', runner: 'Uitvoerder', detail: 'Details',
  verifyOk: 'De keten van het auditlog is intact', verifyBad: 'Het auditlog is NIET intact', entries: 'regels', head: 'kop', at: 'Tijd', actor: 'Wie', role: 'Rol', action: 'Actie', path: 'Pad',
  checkpoint: 'Nieuwste ondertekende controlepunt', entry: 'regel', signatureOk: 'handtekening geldig', signatureBad: 'handtekening ONGELDIG', chainMatches: 'de keten komt ermee overeen', chainDiffers: 'de keten wijkt ervan AF',
  checkpointNone: 'Geen ondertekend controlepunt gevonden: zonder controlepunt is niet te zien of de nieuwste regels zijn verwijderd of de keten opnieuw is berekend.', checkpointBad: 'Controlepunten die niet kloppen',
  actorFilter: 'Wie', addressFilter: 'Adres', actionFilter: 'Actie',
  addressHint: 'Adres-id (16 cijfers), of postcode met huisnummer, bijvoorbeeld 1234 AB 5. Ook lijsten en exports die het adres toonden, worden gevonden.',
  addressInvalid: 'Vul een adres-id van 16 cijfers in, of een postcode zoals 1234 AB, eventueel met huisnummer (1234 AB 5).',
  matched: 'Adressen met deze postcode', noMatch: 'Geen adres gevonden met deze postcode en dit huisnummer.',
  how: 'Hoe', named: 'dit adres', shownInList: (n) => `getoond in een lijst (${n} adressen)`,
  forbidden: 'Dit onderdeel hoort niet bij uw rol.', expired: 'Uw aanmelding is verlopen; meld u opnieuw aan.', notice: 'Een risicoscore is een signaal, geen bewijs.',
  saved: 'Opgeslagen.', yes: 'ja', no: 'nee', none: '—',
  samples: 'Steekproeven', drawSample: 'Steekproef trekken', sampleTag: 'Aselecte steekproef', system: 'systeem',
  sampleHelp: 'Een aselecte steekproef uit de adressen van de huidige risicolijst zonder open signaal, met een bekende kans per adres. Elk getrokken adres gaat als voorstel van het systeem naar het RIEC, dat beslist zoals over elk voorstel. Het interventieteam ziet niet welke controles uit een steekproef komen. Met de uitkomsten en de kansen zijn de prestaties van het model zuiver te schatten.',
  sampleSize: 'Aantal adressen (leeg: de standaardomvang)', sampleDefault: 'Standaardomvang', approvedLastYear: 'goedgekeurde controles in de afgelopen 12 maanden, naar boven afgerond',
  sampleSeed: 'Seed (leeg: willekeurig; wordt vastgelegd)', sampleStratify: 'Per wijk trekken (naar verhouding, minstens één per wijk)', sampleReason: 'Reden (minstens 10 tekens)',
  sampleDrawn: 'Getrokken: steekproef', design: 'Ontwerp', designs: { uniform: 'aselect', district: 'per wijk' }, districts: 'wijken', seed: 'Seed', frame: 'Kader (N)', chance: 'Kans',
  drawnAt: 'Getrokken', counts: { approved: 'Goedgekeurd', rejected: 'Afgewezen', pending: 'Open', unanswered: 'Onbeantwoord', controlled: 'Gecontroleerd', found: 'Aangetroffen', noAccess: 'Geen toegang', nonResponse: 'Non-respons' },
  technical: 'Technische melding', unsent: 'Het verzoek kon niet worden verstuurd. Controleer wat u heeft ingevuld of geplakt, en de verbinding.',
  errorUnknown: (code) => `De dienst meldt een fout die deze pagina niet kent (${code}). Probeer het opnieuw of neem contact op met de beheerder.`,
  errors: {
    unauthenticated: 'Uw aanmelding is niet (meer) geldig; meld u opnieuw aan.',
    issuer_unavailable: 'De aanmeldvoorziening reageert niet. Probeer het over enkele minuten opnieuw.',
    rate_limited: 'U heeft in korte tijd te veel verzoeken gedaan. Wacht een minuut en probeer het opnieuw.',
    forbidden: 'Dit onderdeel hoort niet bij uw rol.',
    purpose_required: 'Geef eerst een doel op: minstens 10 letters of cijfers, of een zaaknummer zoals RIEC-2026-0042.',
    invalid_request: (field) => (field ? `Controleer ‘${field}’: deze waarde wordt niet geaccepteerd.` : 'Het verzoek bevat een waarde die niet wordt geaccepteerd.'),
    invalid_json: 'Het verzoek kon niet worden gelezen. Ververs de pagina en probeer het opnieuw.',
    invalid_body: 'Het verzoek kon niet worden gelezen. Ververs de pagina en probeer het opnieuw.',
    body_too_large: 'De invoer is te lang. Maak de tekst korter.',
    bad_request: 'Het verzoek is niet geldig. Ververs de pagina en probeer het opnieuw.',
    malformed_path: 'Het adres van deze pagina is beschadigd. Ga verder via het menu.',
    no_route: 'Deze functie bestaat niet in de dienst. Ververs de pagina.',
    internal_error: 'Er ging iets mis in de dienst. De beheerder kan het opzoeken met het verzoeknummer onder ‘Technische melding’.',
    audit_unavailable: 'Het auditlog kon dit verzoek niet vastleggen, dus is het niet uitgevoerd. Probeer het zo opnieuw.',
    database_unavailable: 'De database is even niet bereikbaar. Probeer het over enkele seconden opnieuw.',
    unknown_address: 'Dit adres komt niet voor in de gegevens.',
    not_scored: 'Dit adres staat niet op de huidige risicolijst: het is na het scoren toegevoegd.',
    model_disabled: 'Het model is uitgeschakeld door een beheerder: er zijn nu geen risicoscores.',
    no_active_model: 'Er is geen actief model. Een beheerder moet er een trainen of activeren.',
    no_risk_list: 'Het actieve model heeft nog geen risicolijst. Probeer het later opnieuw.',
    list_replaced: 'De risicolijst is intussen vervangen door een nieuwe. Begin weer bovenaan.',
    unknown_signal: 'Dit voorstel bestaat niet (meer).',
    unknown_control: 'Deze controle bestaat niet, of is niet (meer) voor het interventieteam.',
    illegal_transition: 'Dit kan niet in de huidige stand van zaken; iemand anders heeft het misschien al afgehandeld. Ververs de pagina.',
    signal_open: 'Voor dit adres loopt al een voorstel of controle.',
    own_proposal: 'U heeft dit adres zelf voorgesteld; een ander lid van het RIEC beslist erover (vier ogen).',
    outcome_unchanged: 'De controle heeft deze uitkomst al; er is niets te corrigeren.',
    unknown_model: 'Deze modelversie bestaat niet.',
    not_activated: 'Dit model kan niet worden geactiveerd: het is al actief, of de registratie staat het niet toe.',
    nothing_active: 'Er is geen actief model om uit te schakelen.',
    empty_frame: 'Er valt niets te trekken: elk adres op de lijst heeft al een open voorstel of controle.',
  },
  tokenReasons: { missing: 'geen token meegestuurd', malformed: 'het token is onleesbaar', expired: 'het token is verlopen', issuer: 'het token is van een andere uitgever', audience: 'het token is niet voor deze dienst', signature: 'de handtekening van het token klopt niet', algorithm: 'het token is ondertekend met een niet-toegestaan algoritme', claims: 'de gegevens in het token zijn niet geldig' },
  dateReasons: {
    before_approval: (field, bound) => `${field}: deze datum ligt vóór de goedkeuring door het RIEC op ${bound}. Kies ${bound} of later.`,
    beyond_horizon: (field, bound) => `${field}: deze datum ligt meer dan een jaar vooruit. Kies uiterlijk ${bound}.`,
    in_future: (field, bound) => `${field}: deze datum ligt in de toekomst. Vul de dag van de controle in, uiterlijk vandaag (${bound}).`,
  },
  fields: { 'body.reason': 'Reden', 'body.legalBasis': 'Rechtsgrond', 'body.priority': 'Prioriteit', 'body.plannedFor': 'Gepland op', 'body.inspectedOn': 'Gecontroleerd op', 'body.outcome': 'Uitkomst', 'body.justification': 'Onderbouwing', 'body.n': 'Aantal adressen', 'body.seed': 'Seed', 'body.addressId': 'Adres', 'query.postcode': 'Postcode', 'query.houseNumber': 'Huisnummer', 'query.addressId': 'Adres-id', 'query.actor': 'Wie', 'query.action': 'Actie', 'X-Purpose': 'Doel' },
});

/**
 * Every text of the page, in one language.
 * @typedef {Omit<typeof nl, keyof Lookups> & Lookups} Texts
 */
