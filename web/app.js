// hennep-risk web page: one ES module, no build step, no external assets. Everything it
// shows comes from /api/v1 with the signed-in user's token; what a role may not do is not
// rendered (and the API refuses it anyway). Every address-level request carries the
// purpose asked once per session.

const T = {
  nl: {
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
  },
  en: {
    title: 'hennep-risk', footer: 'A risk score is a signal for a human decision, not evidence. Every access is recorded.',
    skip: 'Skip to content', nav: 'Main menu', switchLang: 'Naar Nederlands', signOut: 'Sign out', purposeChange: 'Change purpose',
    risk: 'Risk list', signals: 'Proposals', controls: 'Controls', models: 'Models', jobs: 'Jobs', audit: 'Audit log',
    signInTitle: 'Sign in', signInDemo: 'Demo sign-in: pick a role. With no OIDC issuer configured the service mints the token itself; every sign-in is recorded.',
    signInToken: 'Sign in with a token from the operator (`hennep token --role ROLE --user NAME`). This service has no OIDC issuer and no demo sign-in.', token: 'Token', signInButton: 'Sign in',
    name: 'Name', signInWith: 'Sign in with', signingIn: 'Signing in…',
    roleText: { analist: 'Risk list, explanations, proposals to the RIEC', riec: 'Review proposals: approve or reject', interventieteam: 'Plan approved controls and record outcomes', beheerder: 'Models, samples, retraining, switching the model off', auditor: 'Audit log and its verification, model cards, samples' },
    purposeTitle: 'Purpose of this session', purposeHelp: 'Address-level data may only be read for a purpose. The purpose is recorded with every request.', purposeLabel: 'Purpose or case reference (at least 10 letters or digits, or a case reference such as RIEC-2026-0042)', purposeSave: 'Record purpose', purpose: 'Purpose',
    district: 'District', neighbourhood: 'Neighbourhood', all: 'All', filter: 'Filter', more: 'Load more',
    rank: 'Rank', address: 'Address', probability: 'Probability', reasons: 'Top reasons', percentile: 'Percentile', model: 'Model', list: 'List',
    referenceDate: 'Reference date', score: 'Score (logit)', explanation: 'Explanation', raises: 'raises the score', lowers: 'lowers the score',
    chartCaption: 'Contribution of each feature to the score (logit), measured against an average home. Red raises, green lowers. Intercept plus all contributions is exactly the score.',
    others: 'other features together', feature: 'Feature', contribution: 'Contribution', value: 'Value', median: 'Median', intercept: 'Intercept', sum: 'Intercept + contributions',
    propose: 'Propose to the RIEC', reason: 'Reason', proposeButton: 'Submit proposal', proposed: 'Proposed to the RIEC as proposal',
    status: 'Status', proposedBy: 'Proposed by', decision: 'Decision', legalBasis: 'Legal basis', priority: 'Priority', approve: 'Approve', reject: 'Reject',
    queue: 'Proposals to review', noItems: 'Nothing here.', decided: 'Decided', statusFilter: 'Status',
    statuses: { proposed: 'proposed', approved: 'approved', rejected: 'rejected', control_planned: 'control planned', outcome_recorded: 'outcome recorded' },
    plannedFor: 'Planned for', plan: 'Plan', outcome: 'Outcome', inspectedOn: 'Inspected on', record: 'Record outcome',
    outcomes: { cultivation: 'cultivation found', preparation: 'preparation found', nothing_found: 'nothing found', no_access: 'no access' },
    chooseOutcome: '— choose the outcome —', finishedControls: 'Finished controls', noFinished: 'No finished controls yet.',
    planRange: (from, to) => `From ${from} (approval by the RIEC) up to and including ${to}.`, inspectedRange: (from, to) => `From ${from} (approval by the RIEC) up to and including today, ${to}.`,
    confirmRecord: 'Record this outcome?', confirmRecordYes: 'Yes, record it', back: 'Back',
    confirmNote: 'A recorded outcome becomes a label for the model\'s next training. A mistake is put right with a correction, which is recorded separately.',
    correct: 'Correct the outcome', correction: 'Correction', correctedOutcome: 'Correct outcome', correctionReason: 'Reason for the correction (at least 10 characters)', recordCorrection: 'Record correction',
    correctionNote: 'The correction is recorded separately, with your name and reason; the original outcome stays visible. The next training uses the corrected outcome.',
    confirmCorrection: 'Record this correction?', confirmCorrectionYes: 'Yes, correct it', recorded: 'Recorded',
    recordedAs: (o, at) => `Recorded as ${o} (${at})`, correctedTo: (from, to, by, at) => `Corrected from ${from} to ${to} by ${by} (${at})`,
    exportCsv: 'Export (CSV)', exportExcel: 'Export (Excel, ;)', approvedControls: 'Approved controls',
    version: 'Version', family: 'Family', created: 'Created', testYear: 'Test year', ap: 'AP', p100: 'Precision@100', backend: 'Backend', active: 'active',
    threeWays: 'The test year three ways', labelsUsed: 'Labels', size: 'Size', figures: 'Figures',
    allLabels: 'All labels', withoutList: 'Without the addresses a risk list sent controls to', randomOnly: 'Random controls only',
    findRate: 'share of addresses where a control finds one', estimateOf: 'estimate', intervalOf: '90% interval', sampleOf: 'sample', findsOf: 'finds',
    noEstimate: 'no estimate (no random control)', wideIntervals: 'With this few random controls the intervals are wide; they are what the data support.',
    uniformAssumed: 'without a stated probability: a uniform draw over the year\'s addresses is assumed',
    liveCheck: 'Live check', liveInside: (v, k, p, lo, hi, n) => `Active model ${v}: precision in its top ${k} on the test year's labels ${p}, within the random sample's interval (${lo}–${hi}; ${n} sampled addresses in the top ${k}).`,
    liveOutside: (v, k, p, lo, hi, n) => `Active model ${v}: precision in its top ${k} on the test year's labels ${p}, OUTSIDE the random sample's interval (${lo}–${hi}; ${n} sampled addresses in the top ${k}). The labels it is judged on do not represent the homes it flags: treat its test figures with suspicion.`,
    liveNone: (v, k) => `Active model ${v}: no address of its top ${k} was controlled at random, so its live precision cannot be checked this year.`,
    calibrationWithin: 'Calibration within the group: mean predicted probability against the share with a find', predictedRate: 'Predicted', foundRate: 'Found', verdict: 'Verdict',
    verdictOver: 'flagged more than its finds support', verdictUnder: 'flagged less than its finds support', verdictConsistent: 'consistent',
    gateNoBound: 'no bound applied (without an attributes file the gate tests no group ratios)',
    outside: 'outside the bound', outsideBounds: (low, high) => `outside the bounds ${low}–${high}`,
    boundsColour: (low, high) => `FPR ratios outside ${low}–${high} (HENNEP_FAIRNESS_LOW/HIGH) are shown in red.`,
    boundsApplied: 'The promotion gate applied this bound to these groups.',
    boundsNotApplied: 'The promotion gate applies no bound here: it tests only the groups of an attributes file, and without an attributes file no bound applies (as the model card says).',
    card: 'Model card', listPrompted: 'Controls prompted by a risk list', apWithout: 'AP without those addresses', metrics: 'Quality on the test year', prCurve: 'Precision-recall on the test year', calibration: 'Calibration: predicted probability against observed rate',
    shapes: "Shape functions of the additive model: contribution to the logit per value of the feature", fairness: 'Fairness', gate: 'Promotion gate', events: 'History',
    recall: 'recall', precision: 'precision', predicted: 'predicted', observed: 'observed', group: 'Group', addresses: 'Addresses', selected: 'Selected', selectionRate: 'Selection',
    fpr: 'FPR', fprRatio: 'FPR ratio', suppressed: 'suppressed (< 10 addresses)', passed: 'passed', failed: 'failed',
    activate: 'Activate', justification: 'Written justification (at least 20 characters)', disable: 'Switch the model off', disableReason: 'Reason (at least 10 characters)',
    retrain: 'Retrain now', job: 'Job', started: 'Started', finished: 'Finished', runner: 'Runner', detail: 'Detail',
    verifyOk: 'The audit log chain is intact', verifyBad: 'The audit log does NOT verify', entries: 'entries', head: 'head', at: 'Time', actor: 'Who', role: 'Role', action: 'Action', path: 'Path',
    checkpoint: 'Newest signed checkpoint', entry: 'entry', signatureOk: 'signature valid', signatureBad: 'signature INVALID', chainMatches: 'the chain matches it', chainDiffers: 'the chain DIFFERS from it',
    checkpointNone: 'No signed checkpoint found: without one, removed newest entries or a recomputed chain do not show.', checkpointBad: 'Checkpoint lines that do not verify',
    actorFilter: 'Who', addressFilter: 'Address', actionFilter: 'Action',
    addressHint: 'Address id (16 digits), or postcode with house number, for example 1234 AB 5. Lists and exports that showed the address are found too.',
    addressInvalid: 'Enter an address id of 16 digits, or a postcode such as 1234 AB, with a house number if you like (1234 AB 5).',
    matched: 'Addresses at this postcode', noMatch: 'No address found with this postcode and house number.',
    how: 'How', named: 'this address', shownInList: (n) => `shown in a list (${n} addresses)`,
    forbidden: 'This part is not for your role.', expired: 'Your session has expired; sign in again.', notice: 'A risk score is a signal, not evidence.',
    saved: 'Saved.', yes: 'yes', no: 'no', none: '—',
    samples: 'Samples', drawSample: 'Draw a sample', sampleTag: 'Random sample', system: 'system',
    sampleHelp: 'A random sample of the addresses on the current risk list without an open signal, each with a known chance. Every drawn address goes to the RIEC as a proposal of the system, decided like any proposal. The interventieteam is not told which controls come from a sample. With the outcomes and the chances, the model\'s performance can be estimated without bias.',
    sampleSize: 'Number of addresses (empty: the default size)', sampleDefault: 'Default size', approvedLastYear: 'controls approved in the last 12 months, rounded up',
    sampleSeed: 'Seed (empty: random; recorded)', sampleStratify: 'Draw per district (in proportion, at least one each)', sampleReason: 'Reason (at least 10 characters)',
    sampleDrawn: 'Drawn: sample', design: 'Design', designs: { uniform: 'uniform', district: 'per district' }, districts: 'districts', seed: 'Seed', frame: 'Frame (N)', chance: 'Chance',
    drawnAt: 'Drawn', counts: { approved: 'Approved', rejected: 'Rejected', pending: 'Pending', unanswered: 'Unanswered', controlled: 'Controlled', found: 'Found', noAccess: 'No access', nonResponse: 'Non-response' },
    technical: 'Technical message', unsent: 'The request could not be sent. Check what you entered or pasted, and the connection.',
    errorUnknown: (code) => `The service reports an error this page does not know (${code}). Try again or contact the administrator.`,
    errors: {
      unauthenticated: 'Your sign-in is not (or no longer) valid; sign in again.',
      issuer_unavailable: 'The sign-in service does not answer. Try again in a few minutes.',
      rate_limited: 'You made too many requests in a short time. Wait a minute and try again.',
      forbidden: 'This part is not for your role.',
      purpose_required: 'State a purpose first: at least 10 letters or digits, or a case reference such as RIEC-2026-0042.',
      invalid_request: (field) => (field ? `Check ‘${field}’: this value is not accepted.` : 'The request holds a value that is not accepted.'),
      invalid_json: 'The request could not be read. Reload the page and try again.',
      invalid_body: 'The request could not be read. Reload the page and try again.',
      body_too_large: 'The input is too long. Shorten the text.',
      bad_request: 'The request is not valid. Reload the page and try again.',
      malformed_path: 'The address of this page is damaged. Continue through the menu.',
      no_route: 'The service has no such function. Reload the page.',
      internal_error: 'Something went wrong in the service. The administrator can look it up by the request id under ‘Technical message’.',
      audit_unavailable: 'The audit log could not record this request, so it was not carried out. Try again shortly.',
      database_unavailable: 'The database cannot be reached for a moment. Try again in a few seconds.',
      unknown_address: 'This address is not in the data.',
      not_scored: 'This address is not on the current risk list: it was added after scoring.',
      model_disabled: 'The model was switched off by a beheerder: there are no risk scores now.',
      no_active_model: 'No model is active. A beheerder must train or activate one.',
      no_risk_list: 'The active model has no risk list yet. Try again later.',
      list_replaced: 'The risk list has been replaced by a new one meanwhile. Start again from the top.',
      unknown_signal: 'This proposal does not exist (any more).',
      unknown_control: 'This control does not exist, or is not (or no longer) for the interventieteam.',
      illegal_transition: 'This cannot be done in the current state; someone else may have handled it already. Reload the page.',
      signal_open: 'This address already has an open proposal or control.',
      own_proposal: 'You proposed this address yourself; another RIEC member decides on it (four eyes).',
      outcome_unchanged: 'The control has this outcome already; there is nothing to correct.',
      unknown_model: 'This model version does not exist.',
      not_activated: 'This model cannot be activated: it is active already, or the registry does not allow it.',
      nothing_active: 'No model is active to switch off.',
      empty_frame: 'There is nothing to draw from: every address on the list has an open proposal or control.',
    },
    tokenReasons: { missing: 'no token sent', malformed: 'the token cannot be read', expired: 'the token has expired', issuer: 'the token is from another issuer', audience: 'the token is not for this service', signature: 'the token\'s signature does not verify', algorithm: 'the token is signed with an algorithm that is not accepted', claims: 'the token\'s claims are not valid' },
    dateReasons: {
      before_approval: (field, bound) => `${field}: this date is before the RIEC approved the control on ${bound}. Choose ${bound} or later.`,
      beyond_horizon: (field, bound) => `${field}: this date is more than a year ahead. Choose ${bound} at the latest.`,
      in_future: (field, bound) => `${field}: this date is in the future. Enter the day of the control, today (${bound}) at the latest.`,
    },
    fields: { 'body.reason': 'Reason', 'body.legalBasis': 'Legal basis', 'body.priority': 'Priority', 'body.plannedFor': 'Planned for', 'body.inspectedOn': 'Inspected on', 'body.outcome': 'Outcome', 'body.justification': 'Justification', 'body.n': 'Number of addresses', 'body.seed': 'Seed', 'body.addressId': 'Address', 'query.postcode': 'Postcode', 'query.houseNumber': 'House number', 'query.addressId': 'Address id', 'query.actor': 'Who', 'query.action': 'Action', 'X-Purpose': 'Purpose' },
  },
};

const store = {
  get token() { return sessionStorage.getItem('hennep.token'); },
  set token(v) {
    if (v) sessionStorage.setItem('hennep.token', v);
    else sessionStorage.removeItem('hennep.token');
  },
  get purpose() { return sessionStorage.getItem('hennep.purpose'); },
  set purpose(v) {
    if (v) sessionStorage.setItem('hennep.purpose', v);
    else sessionStorage.removeItem('hennep.purpose');
  },
  get lang() { return localStorage.getItem('hennep.lang') === 'en' ? 'en' : 'nl'; },
  set lang(v) { localStorage.setItem('hennep.lang', v); },
};

let me = null;
let authConfig = null;
const t = (key) => T[store.lang][key] ?? key;
const can = (action) => Boolean(me?.permissions.some((p) => p.action === action));
const needsPurpose = () => Boolean(me?.permissions.some((p) => p.purpose));

// ---- DOM helpers: text only, never HTML from data ----------------------------------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}
// Every number and date on the page goes through these: nl-NL in Dutch, en-GB in English.
const locale = () => (store.lang === 'nl' ? 'nl-NL' : 'en-GB');
const fmt = (x, digits = 2, minimum = 0) => (x === null || x === undefined || Number.isNaN(x) ? t('none') : Number(x).toLocaleString(locale(), { maximumFractionDigits: digits, minimumFractionDigits: minimum }));
/** A contribution to the logit: sign, then a fixed number of decimals (+0,526 / −0.526). */
const signedFmt = (x, digits = 3) => `${x >= 0 ? '+' : '−'}${fmt(Math.abs(x), digits, digits)}`;
/** A year, or a value of a feature measured in years: no thousands separator. */
const plain = (x) => (x === null || x === undefined ? t('none') : Number(x).toLocaleString(locale(), { useGrouping: false, maximumFractionDigits: 0 }));
const pct = (x, digits = 2) => (x === null || x === undefined ? t('none') : `${fmt(x * 100, digits)}%`);
const addressText = (a) => `${a.street} ${a.houseNumber}${a.houseSuffix ? ` ${a.houseSuffix}` : ''}, ${a.postcode}`;
const when = (iso) => (iso ? new Date(iso).toLocaleString(locale()) : t('none'));
/** A calendar date (YYYY-MM-DD) in words: 15 december 2025 / 15 December 2025. */
const day = (date) => (date ? new Date(`${date}T00:00:00Z`).toLocaleDateString(locale(), { dateStyle: 'long', timeZone: 'UTC' }) : t('none'));
const main = () => document.getElementById('main');

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { Authorization: `Bearer ${store.token}` };
  if (store.purpose) headers['X-Purpose'] = encodeURIComponent(store.purpose);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const sep = path.includes('?') ? '&' : '?';
  // Routes that answer in words take ?lang=; the others refuse unknown parameters.
  const worded = /^\/(addresses|risk-list|signals|controls)/.test(path);
  const url = `/api/v1${path}${method === 'GET' && worded ? `${sep}lang=${store.lang}` : ''}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    signOut(t('expired'));
    throw new ApiError(401, await res.json().catch(() => null));
  }
  if (raw && res.ok) return res;
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** The page's own words for an error: by the API's code (and reason), never its English message. */
function errorText(error) {
  if (!(error instanceof ApiError)) return t('unsent');
  const e = error.body?.error ?? {};
  const field = t('fields')[e.field] ?? e.field;
  if (e.code === 'invalid_request' && t('dateReasons')[e.reason]) return t('dateReasons')[e.reason](field, day(e.bound));
  if (e.code === 'unauthenticated' && t('tokenReasons')[e.reason]) return `${t('errors').unauthenticated} (${t('tokenReasons')[e.reason]})`;
  const text = t('errors')[e.code];
  if (text === undefined) return t('errorUnknown')(e.code ?? error.status);
  return typeof text === 'function' ? text(field) : text;
}

/** An error in the page's words; what the service said (English) and its request id folded away for whoever supports the user. */
function errorBox(error) {
  const code = error instanceof ApiError ? (error.body?.error?.code ?? String(error.status)) : 'unsent';
  const technical = [error.message, error instanceof ApiError && error.body?.requestId ? `(${error.body.requestId})` : ''].filter(Boolean).join(' ');
  return h('div', { class: 'bad', role: 'alert', 'data-error-code': code },
    h('p', { class: 'error-text' }, errorText(error)),
    h('details', { lang: 'en' }, h('summary', { lang: store.lang }, t('technical')), h('code', {}, technical)));
}

// ---- sign-in -------------------------------------------------------------------------
function base64url(bytes) {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
async function discovery() {
  const res = await fetch(`${authConfig.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  return res.json();
}
async function startOidc() {
  const d = await discovery();
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('hennep.pkce', JSON.stringify({ verifier, state }));
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({ response_type: 'code', client_id: authConfig.clientId, redirect_uri: `${location.origin}/`, scope: 'openid profile', code_challenge: challenge, code_challenge_method: 'S256', state }).toString();
  location.assign(url.toString());
}
async function finishOidc(params) {
  const saved = JSON.parse(sessionStorage.getItem('hennep.pkce') ?? 'null');
  sessionStorage.removeItem('hennep.pkce');
  history.replaceState(null, '', '/');
  if (!saved || saved.state !== params.get('state')) throw new Error('the sign-in answer does not belong to this sign-in (state differs); sign in again');
  const d = await discovery();
  const res = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: `${location.origin}/`, client_id: authConfig.clientId, code_verifier: saved.verifier }),
  });
  const body = await res.json();
  if (!res.ok || !body.access_token) throw new Error(`the issuer refused the sign-in: ${body.error_description ?? body.error ?? res.status}`);
  store.token = body.access_token;
}

function signInView(message) {
  const view = h('section', { 'aria-labelledby': 'sign-in-title' }, h('h1', { id: 'sign-in-title' }, t('signInTitle')));
  if (message) view.append(h('p', { class: 'notice', role: 'status' }, message));
  if (authConfig.mode === 'oidc') {
    view.append(h('p', {}, h('button', { class: 'primary', type: 'button', id: 'oidc-sign-in', onclick: () => startOidc().catch((e) => view.append(errorBox(e))) }, `${t('signInWith')} ${new URL(authConfig.issuer).host}`)));
    return view;
  }
  if (!authConfig.demoSignIn) {
    // A textarea, not a password field: browsers offer to save what a password field held.
    const token = h('textarea', { id: 'token', rows: '3', autocomplete: 'off', required: true, spellcheck: 'false' });
    const form = h('form', { id: 'token-sign-in' }, h('label', { for: 'token' }, t('token')), token, h('button', { class: 'primary', type: 'submit' }, t('signInButton')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = token.value.trim();
      try {
        const res = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${value}` } });
        if (!res.ok) return view.append(errorBox(new ApiError(res.status, await res.json().catch(() => ({})))));
        store.token = value;
        await boot();
      } catch (error) {
        // fetch refuses a header with characters outside Latin-1: a pasted token with stray text.
        view.append(errorBox(error));
      }
    });
    view.append(h('p', {}, t('signInToken')), form);
    return view;
  }
  const name = h('input', { id: 'demo-name', value: 'demo', autocomplete: 'off', required: true });
  view.append(h('p', {}, t('signInDemo')), h('label', { for: 'demo-name' }, t('name')), name);
  const roles = h('div', { class: 'roles', role: 'group', 'aria-label': t('signInTitle') });
  for (const role of authConfig.roles) {
    roles.append(
      h('button', { type: 'button', 'data-role': role, onclick: async () => {
        const res = await fetch('/auth/demo-sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role, name: `${name.value.trim() || 'demo'} ${role}` }) });
        const body = await res.json();
        if (!res.ok) return view.append(errorBox(new ApiError(res.status, body)));
        store.token = body.token;
        await boot();
      } }, h('strong', {}, role), h('span', { class: 'muted' }, t('roleText')[role])),
    );
  }
  view.append(roles);
  return view;
}

function signOut(message) {
  store.token = null;
  store.purpose = null;
  me = null;
  renderChrome();
  main().replaceChildren(signInView(message));
}

function askPurpose() {
  const dialog = document.getElementById('purpose-dialog');
  const input = document.getElementById('purpose-input');
  const error = document.getElementById('purpose-error');
  document.getElementById('purpose-title').textContent = t('purposeTitle');
  document.getElementById('purpose-help').textContent = t('purposeHelp');
  document.getElementById('purpose-label').textContent = t('purposeLabel');
  document.getElementById('purpose-save').textContent = t('purposeSave');
  input.value = store.purpose ?? '';
  error.textContent = '';
  return new Promise((resolve) => {
    const form = document.getElementById('purpose-form');
    const submit = (event) => {
      const value = input.value.trim();
      // The service's rule (service/http.ts checkPurpose): ten letters or digits, or a case reference.
      const normal = value.normalize('NFKC');
      const letters = normal.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
      if (/[\p{C}\p{Zl}\p{Zp}]/u.test(normal) || (letters < 10 && !/^[A-Z]{2,10}-\d{4}-\d{1,6}$/.test(normal))) {
        event.preventDefault();
        error.textContent = t('purposeLabel');
        return;
      }
      store.purpose = value;
      form.removeEventListener('submit', submit);
      renderChrome();
      resolve();
    };
    form.addEventListener('submit', submit);
    // Escape does not close it: address-level pages need a purpose.
    dialog.oncancel = (e) => e.preventDefault();
    dialog.showModal();
    input.focus();
  });
}

// ---- chrome --------------------------------------------------------------------------
const NAV = [
  { hash: '#/risk', key: 'risk', needs: 'risk:list' },
  { hash: '#/signals', key: 'signals', needs: 'signals:read' },
  { hash: '#/controls', key: 'controls', needs: 'controls:read' },
  { hash: '#/models', key: 'models', needs: 'models:read' },
  { hash: '#/samples', key: 'samples', needs: 'samples:read' },
  { hash: '#/jobs', key: 'jobs', needs: 'jobs:read' },
  { hash: '#/audit', key: 'audit', needs: 'audit:read' },
];

function renderChrome() {
  document.documentElement.lang = store.lang;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  document.querySelector('.skip').textContent = t('skip');
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav'));
  nav.replaceChildren(...(me ? NAV.filter((n) => can(n.needs)).map((n) => h('a', { href: n.hash, 'data-nav': n.key, 'aria-current': location.hash.startsWith(n.hash) ? 'page' : null }, t(n.key))) : []));
  document.getElementById('who').textContent = me ? `${me.name} · ${me.roles.join(', ')}` : '';
  const purposeButton = document.getElementById('purpose-button');
  purposeButton.hidden = !(me && needsPurpose());
  purposeButton.textContent = `${t('purpose')}: ${store.purpose ?? t('none')} (${t('purposeChange')})`;
  const lang = document.getElementById('lang');
  lang.textContent = store.lang === 'nl' ? 'EN' : 'NL';
  lang.setAttribute('aria-label', t('switchLang'));
  const out = document.getElementById('sign-out');
  out.hidden = !me;
  out.textContent = t('signOut');
}

// ---- charts (SVG) ----------------------------------------------------------------------
function contributionChart(contributions) {
  const top = contributions.slice(0, 12);
  const rest = contributions.slice(12);
  // The sentence's first half names the value ("Eigendom: geen koopwoning"): a bare description
  // beside a red bar ("Woning is koopwoning") would say the opposite for a flag that is 0.
  const rows = top.map((c) => ({ label: c.sentence?.split(' — ')[0] ?? describe(c.feature), value: c.contribution }));
  if (rest.length) rows.push({ label: `${rest.length} ${t('others')}`, value: rest.reduce((a, c) => a + c.contribution, 0) });
  const width = 720, labelW = 300, rowH = 24, height = rows.length * rowH + 30;
  const max = rows.reduce((m, r) => Math.max(m, Math.abs(r.value)), 1e-9);
  const mid = labelW + (width - labelW) / 2, half = (width - labelW) / 2 - 50;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': t('chartCaption') });
  svg.append(s('line', { x1: mid, x2: mid, y1: 0, y2: height - 20, class: 'axis' }));
  rows.forEach((r, i) => {
    const y = i * rowH + 4, w = (Math.abs(r.value) / max) * half;
    const label = r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label;
    svg.append(s('text', { x: 0, y: y + 15 }, label));
    svg.append(s('rect', { x: r.value >= 0 ? mid : mid - w, y, width: Math.max(w, 1), height: rowH - 8, class: r.value >= 0 ? 'raise' : 'lower' }, s('title', {}, `${r.label}: ${signedFmt(r.value)}`)));
    svg.append(s('text', { x: r.value >= 0 ? mid + w + 4 : mid - w - 4, y: y + 14, 'text-anchor': r.value >= 0 ? 'start' : 'end' }, signedFmt(r.value, 2)));
  });
  svg.append(s('text', { x: mid, y: height - 4, 'text-anchor': 'middle' }, '0'));
  return svg;
}

/** The smallest or largest of `values` and `start`, without spreading them into a call. */
function extreme(values, pick, start) {
  return values.reduce((m, v) => pick(m, v), start);
}

function lineChart({ points, xLabel, yLabel, diagonal = false, step = false, xDomain, yDomain, dots = false, label, xYears = false }) {
  const width = 360, height = 250, left = 44, bottom = 34, top = 10, right = 10;
  const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
  const [x0, x1] = xDomain ?? [extreme(xs, Math.min, Infinity), extreme(xs, Math.max, -Infinity)];
  const [y0, y1] = yDomain ?? [extreme(ys, Math.min, 0), extreme(ys, Math.max, 1e-9)];
  const X = (x) => left + ((x - x0) / (x1 - x0 || 1)) * (width - left - right);
  const Y = (y) => height - bottom - ((y - y0) / (y1 - y0 || 1)) * (height - bottom - top);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label });
  // Enough decimals that the ticks differ: 0.0025 steps need 4, 0.25 steps need 2.
  const digits = (span) => Math.min(6, Math.max(0, Math.ceil(-Math.log10((span || 1) / 4)) + 1));
  for (let i = 0; i <= 4; i++) {
    const gy = y0 + ((y1 - y0) * i) / 4, gx = x0 + ((x1 - x0) * i) / 4;
    svg.append(s('line', { x1: left, x2: width - right, y1: Y(gy), y2: Y(gy), class: 'grid' }), s('text', { x: left - 4, y: Y(gy) + 4, 'text-anchor': 'end' }, fmt(gy, digits(y1 - y0))));
    svg.append(s('text', { x: X(gx), y: height - bottom + 14, 'text-anchor': 'middle' }, xYears ? plain(gx) : fmt(gx, digits(x1 - x0))));
  }
  svg.append(s('line', { x1: left, x2: left, y1: top, y2: height - bottom, class: 'axis' }), s('line', { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, class: 'axis' }));
  if (diagonal) svg.append(s('line', { x1: X(x0), y1: Y(y0), x2: X(Math.min(x1, y1)), y2: Y(Math.min(x1, y1)), class: 'diag' }));
  let d = '';
  points.forEach((p, i) => {
    if (i === 0) d += `M${X(p.x)},${Y(p.y)}`;
    else d += step ? `H${X(p.x)}V${Y(p.y)}` : `L${X(p.x)},${Y(p.y)}`;
  });
  svg.append(s('path', { d, class: 'curve' }));
  if (dots) for (const p of points) svg.append(s('circle', { cx: X(p.x), cy: Y(p.y), r: 3, class: 'dot' }));
  svg.append(s('text', { x: (left + width) / 2, y: height - 4, 'text-anchor': 'middle' }, xLabel), s('text', { x: 10, y: top + 8 }, yLabel));
  return svg;
}

function shapeChart(shape) {
  const { edges, terms } = shape;
  const span = edges.length > 1 ? edges[edges.length - 1] - edges[0] : Math.max(1, Math.abs(edges[0] ?? 1));
  const pad = Math.max(span * 0.08, 0.5);
  const lo = (edges[0] ?? 0) - pad, hi = (edges[edges.length - 1] ?? 0) + pad;
  const points = [{ x: lo, y: terms[0] }];
  edges.forEach((e, i) => points.push({ x: e, y: terms[i + 1] }));
  points.push({ x: hi, y: terms[terms.length - 1] });
  const ys = terms;
  const m = ys.reduce((m, y) => Math.max(m, Math.abs(y)), 1e-3);
  return lineChart({ points, xLabel: shape.feature, yLabel: 'logit', step: true, xDomain: [lo, hi], yDomain: [-m, m], label: `${shape.feature}: ${t('shapes')}`, xYears: isYear(shape.feature) });
}

// ---- views ---------------------------------------------------------------------------
async function riskView(params) {
  const view = h('section', {}, h('h1', {}, t('risk')), h('p', { class: 'notice' }, t('notice')));
  const areas = await api('/areas');
  const district = h('select', { id: 'district' }, h('option', { value: '' }, t('all')), areas.districts.map((d) => h('option', { value: d.code, selected: params.get('district') === d.code }, d.code)));
  const neighbourhood = h('select', { id: 'neighbourhood' }, h('option', { value: '' }, t('all')));
  const fillNeighbourhoods = () => {
    const d = areas.districts.find((x) => x.code === district.value);
    neighbourhood.replaceChildren(h('option', { value: '' }, t('all')), ...(d?.neighbourhoods ?? []).map((n) => h('option', { value: n, selected: params.get('neighbourhood') === n }, n)));
  };
  fillNeighbourhoods();
  district.addEventListener('change', fillNeighbourhoods);
  const form = h('form', { class: 'row', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (district.value) q.set('district', district.value);
    if (neighbourhood.value) q.set('neighbourhood', neighbourhood.value);
    location.hash = `#/risk?${q}`;
  } }, h('div', {}, h('label', { for: 'district' }, t('district')), district), h('div', {}, h('label', { for: 'neighbourhood' }, t('neighbourhood')), neighbourhood), h('div', {}, h('button', { type: 'submit', class: 'primary' }, t('filter'))));
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'risk-table' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t('rank')), h('th', {}, t('address')), h('th', { class: 'num' }, t('probability')), h('th', { class: 'hide-narrow' }, t('reasons')))), body));
  const more = h('button', { type: 'button' }, t('more'));
  const meta = h('p', { class: 'muted' });
  view.append(form, meta, table, more);
  let cursor = null;
  const load = async () => {
    const q = new URLSearchParams({ limit: '50' });
    if (params.get('district')) q.set('district', params.get('district'));
    if (params.get('neighbourhood')) q.set('neighbourhood', params.get('neighbourhood'));
    if (cursor) q.set('cursor', cursor);
    const page = await api(`/risk-list?${q}`);
    meta.textContent = `${t('model')} ${page.model.version} (${page.model.family}) · ${t('list')} ${page.riskList.id} · ${t('referenceDate')} ${day(page.riskList.referenceDate)} · ${fmt(page.riskList.addresses, 0)} ${t('addresses').toLowerCase()}`;
    for (const item of page.items) {
      body.append(h('tr', {}, h('td', { class: 'num' }, fmt(item.rank, 0)), h('td', {}, h('a', { href: `#/address/${item.addressId}` }, addressText(item.address)), h('div', { class: 'muted' }, `${item.address.district} · ${item.address.neighbourhood}`)), h('td', { class: 'num' }, pct(item.probability)), h('td', { class: 'hide-narrow' }, h('ul', { class: 'reasons' }, item.reasons.map((r) => h('li', {}, r.sentence))))));
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => load().catch((e) => view.append(errorBox(e))));
  await load();
  return view;
}

/** Feature descriptions and units from the catalogue, fetched once per language. */
const catalogue = {};
async function loadCatalogue() {
  catalogue[store.lang] ??= Object.fromEntries((await api(`/features?lang=${store.lang}`)).items.map((f) => [f.name, f]));
}
const describe = (name) => catalogue[store.lang]?.[name]?.description ?? name;
const isYear = (name) => catalogue[store.lang]?.[name]?.unit === 'year';

async function addressView(id) {
  const [r] = await Promise.all([api(`/addresses/${id}/risk`), loadCatalogue()]);
  const e = r.explanation;
  const view = h('section', {}, h('h1', {}, addressText(r.address)), h('p', { class: 'notice', role: 'note' }, r.notice));
  view.append(h('div', { class: 'cards' },
    h('div', { class: 'card' }, h('div', { class: 'muted' }, t('probability')), h('div', { class: 'big', id: 'probability' }, pct(r.probability)), h('div', { class: 'muted' }, `${t('model')} ${r.model.version} (${r.model.family})`)),
    h('div', { class: 'card' }, h('div', { class: 'muted' }, t('rank')), h('div', { class: 'big' }, `${fmt(r.rank, 0)} / ${fmt(r.riskList.addresses, 0)}`), h('div', { class: 'muted' }, `${t('percentile')} ${fmt(r.percentile, 1)}`)),
    h('div', { class: 'card' }, h('div', { class: 'muted' }, t('score')), h('div', { class: 'big' }, fmt(r.score, 3)), h('div', { class: 'muted' }, `${t('referenceDate')} ${day(r.riskList.referenceDate)}`)),
  ));
  view.append(h('h2', {}, t('explanation')), h('figure', {}, contributionChart(e.contributions), h('figcaption', {}, t('chartCaption'), ' ', h('span', { class: 'legend' }, h('span', {}, h('span', { class: 'swatch raise' }), t('raises')), h('span', {}, h('span', { class: 'swatch lower' }), t('lowers'))))));
  const total = e.intercept + e.contributions.reduce((a, c) => a + c.contribution, 0);
  view.append(h('div', { class: 'table-wrap' }, h('table', { id: 'contributions' },
    h('thead', {}, h('tr', {}, h('th', {}, t('feature')), h('th', { class: 'num' }, t('contribution')), h('th', { class: 'num' }, t('value')), h('th', { class: 'num' }, t('median')), h('th', { class: 'hide-narrow' }, t('explanation')))),
    // Value and median as the service words them: a state, "never", "unknown", or a number in this language.
    h('tbody', {}, e.contributions.map((c) => h('tr', { 'data-feature': c.feature }, h('td', {}, describe(c.feature)), h('td', { class: 'num' }, signedFmt(c.contribution)), h('td', { class: 'num' }, c.valueText ?? fmt(c.value, 3)), h('td', { class: 'num' }, c.referenceText ?? fmt(c.reference, 3)), h('td', { class: 'hide-narrow' }, c.sentence)))),
    h('tfoot', {}, h('tr', {}, h('th', {}, t('intercept')), h('td', { class: 'num' }, fmt(e.intercept, 3, 3)), h('td', { colspan: 3 })), h('tr', {}, h('th', {}, t('sum')), h('td', { class: 'num' }, fmt(total, 3, 3)), h('td', { colspan: 3 }, `= ${t('score')} ${fmt(r.score, 3, 3)}`))),
  )));
  if (can('signals:propose')) {
    const reason = h('textarea', { id: 'proposal-reason', required: true, minlength: 10, maxlength: 2000 });
    const out = h('p', { role: 'status' });
    view.append(h('h2', {}, t('propose')), h('form', { id: 'propose-form', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const signal = await api('/signals', { method: 'POST', body: { addressId: id, reason: reason.value } });
        out.replaceChildren(h('span', { class: 'ok' }, `${t('proposed')} ${signal.id}.`));
      } catch (err) {
        out.replaceChildren(errorBox(err));
      }
    } }, h('label', { for: 'proposal-reason' }, t('reason')), reason, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('proposeButton'))), out));
  }
  return view;
}

function signalCard(sig, onChange) {
  const sample = sig.kind === 'sample';
  const card = h('article', { class: 'card', 'data-signal': sig.id, 'data-kind': sig.kind, 'aria-labelledby': `sig-${sig.id}` },
    h('h3', { id: `sig-${sig.id}` }, `#${sig.id} · ${addressText(sig.address)} `, h('span', { class: 'status' }, t('statuses')[sig.status]), sample ? [' ', h('span', { class: 'status' }, `${t('sampleTag')} #${sig.sampleId}`)] : null),
    h('p', {}, `${t('rank')} ${fmt(sig.rank, 0)} · ${t('probability')} ${pct(sig.explanation.probability)} · ${t('model')} ${sig.modelVersion} · ${t('referenceDate')} ${day(sig.explanation.referenceDate)}`),
    // A sample's address was drawn by chance: no person proposed it.
    h('p', {}, h('strong', {}, `${t('proposedBy')} ${sample ? `${t('system')} (${t('sampleTag').toLowerCase()})` : sig.proposal.by}: `), sig.proposal.reason),
    h('ul', { class: 'reasons' }, sig.explanation.reasons.map((r) => h('li', {}, r.sentence))),
  );
  if (sig.decision) card.append(h('p', {}, h('strong', {}, `${t('decision')} (${sig.decision.by}): `), `${sig.decision.legalBasis ? `${sig.decision.legalBasis} · ` : ''}${sig.decision.reason}${sig.decision.priority ? ` · ${t('priority')} ${sig.decision.priority}` : ''}`));
  if (sig.status === 'proposed' && can('signals:decide')) {
    const basis = h('input', { id: `basis-${sig.id}`, required: true, minlength: 3, value: '' });
    const reason = h('textarea', { id: `reason-${sig.id}`, required: true, minlength: 10 });
    const priority = h('select', { id: `priority-${sig.id}` }, [1, 2, 3].map((p) => h('option', { value: p, selected: p === 2 }, p)));
    const out = h('p', { role: 'status' });
    const decide = async (decision) => {
      try {
        const body = decision === 'approve' ? { decision, legalBasis: basis.value, reason: reason.value, priority: Number(priority.value) } : { decision, reason: reason.value };
        await api(`/signals/${sig.id}/decision`, { method: 'POST', body });
        onChange();
      } catch (err) {
        out.replaceChildren(errorBox(err));
      }
    };
    card.append(h('form', { onsubmit: (e) => { e.preventDefault(); void decide('approve'); } },
      h('label', { for: `basis-${sig.id}` }, t('legalBasis')), basis,
      h('label', { for: `reason-${sig.id}` }, t('reason')), reason,
      h('label', { for: `priority-${sig.id}` }, t('priority')), priority,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('approve')), h('button', { type: 'button', class: 'danger', onclick: () => void decide('reject') }, t('reject'))), out));
  }
  return card;
}

async function signalsView(params) {
  const status = params.get('status') ?? (can('signals:decide') ? 'proposed' : '');
  const select = h('select', { id: 'status-filter', onchange: () => { location.hash = `#/signals?status=${select.value}`; } }, h('option', { value: '' }, t('all')), Object.entries(t('statuses')).map(([k, v]) => h('option', { value: k, selected: k === status }, v)));
  const view = h('section', {}, h('h1', {}, status === 'proposed' ? t('queue') : t('signals')), h('div', { class: 'row' }, h('div', {}, h('label', { for: 'status-filter' }, t('statusFilter')), select)));
  const list = await api(`/signals${status ? `?status=${encodeURIComponent(status)}` : ''}`);
  const items = h('div', { class: 'cards', id: 'signals' });
  for (const sig of list.items) items.append(signalCard(sig, () => route()));
  view.append(list.items.length ? items : h('p', {}, t('noItems')));
  return view;
}

async function download(format) {
  const res = await api(`/controls?format=${format}`, { raw: true });
  const blob = await res.blob();
  const name = /filename="?([^";]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'controles.csv';
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: format === 'csv-excel' ? name.replace('.csv', '-excel.csv') : name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Asks before a step a hasty click must not take: names what will be recorded. Resolves true only on the explicit yes. */
function confirmStep(title, rows, yes, note) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title' });
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const back = h('button', { type: 'button', id: 'confirm-no', onclick: () => close(false) }, t('back'));
    dialog.append(h('h2', { id: 'confirm-title' }, title),
      h('dl', { class: 'confirm' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('p', { class: 'muted' }, note),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'confirm-yes', onclick: () => close(true) }, yes), back));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    // "Back" has the focus: Enter right after the click does not record.
    back.focus();
  });
}

/** Outcomes to choose from, none chosen: a placeholder the browser will not submit. */
function outcomeSelect(id, except = null) {
  return h('select', { id, required: true },
    h('option', { value: '', disabled: true, selected: true }, t('chooseOutcome')),
    Object.entries(t('outcomes')).filter(([k]) => k !== except).map(([k, v]) => h('option', { value: k }, v)));
}

/** Posts `body` to a control's `step`, then shows the lists again; an error stays in the row. */
async function controlStep(c, step, body, out) {
  try {
    await api(`/controls/${c.id}/${step}`, { method: 'POST', body });
    await route();
  } catch (err) {
    out.replaceChildren(errorBox(err));
  }
}

function planForm(c, dates, out) {
  // The service's limits, so the browser's date picker offers only dates it accepts.
  const date = h('input', { type: 'date', id: `plan-${c.id}`, value: c.approvedOn > dates.today ? c.approvedOn : dates.today, min: c.approvedOn, max: dates.lastPlanDate, required: true });
  return h('form', { onsubmit: (e) => { e.preventDefault(); void controlStep(c, 'plan', { plannedFor: date.value }, out); } },
    h('label', { for: `plan-${c.id}` }, t('plannedFor')), date, h('p', { class: 'muted hint' }, t('planRange')(day(c.approvedOn), day(dates.lastPlanDate))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('plan'))), out);
}

function outcomeForm(c, dates, out) {
  const outcome = outcomeSelect(`outcome-${c.id}`);
  const planned = c.plannedFor && c.plannedFor >= c.approvedOn && c.plannedFor <= dates.today ? c.plannedFor : dates.today;
  const date = h('input', { type: 'date', id: `inspected-${c.id}`, value: planned, min: c.approvedOn, max: dates.today, required: true });
  const submit = async () => {
    const sure = await confirmStep(t('confirmRecord'), [[t('address'), addressText(c.address)], [t('outcome'), t('outcomes')[outcome.value]], [t('inspectedOn'), day(date.value)]], t('confirmRecordYes'), t('confirmNote'));
    if (sure) await controlStep(c, 'outcome', { outcome: outcome.value, inspectedOn: date.value }, out);
  };
  return h('form', { onsubmit: (e) => { e.preventDefault(); if (outcome.value) void submit(); } },
    h('label', { for: `outcome-${c.id}` }, t('outcome')), outcome, h('label', { for: `inspected-${c.id}` }, t('inspectedOn')), date,
    h('p', { class: 'muted hint' }, t('inspectedRange')(day(c.approvedOn), day(dates.today))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('record'))), out);
}

/** The outcome as first recorded and every correction since, oldest first. */
function outcomeHistory(c) {
  const word = (o) => t('outcomes')[o];
  const first = c.corrections[0]?.from ?? c.outcome;
  return h('ul', { class: 'history' }, h('li', {}, t('recordedAs')(word(first), when(c.outcomeAt))),
    c.corrections.map((k) => h('li', { 'data-correction': k.id }, t('correctedTo')(word(k.from), word(k.to), k.by, when(k.at)), h('div', { class: 'muted' }, k.reason))));
}

function correctionForm(c, out) {
  const outcome = outcomeSelect(`correct-${c.id}`, c.outcome);
  const reason = h('textarea', { id: `correct-reason-${c.id}`, required: true, minlength: 10, maxlength: 2000 });
  const submit = async () => {
    const rows = [[t('address'), addressText(c.address)], [t('recorded'), t('outcomes')[c.outcome]], [t('correctedOutcome'), t('outcomes')[outcome.value]], [t('reason'), reason.value]];
    if (await confirmStep(t('confirmCorrection'), rows, t('confirmCorrectionYes'), t('correctionNote'))) await controlStep(c, 'correction', { outcome: outcome.value, reason: reason.value }, out);
  };
  return h('details', { class: 'correct' }, h('summary', {}, t('correct')),
    h('form', { onsubmit: (e) => { e.preventDefault(); if (outcome.value) void submit(); } },
      h('label', { for: `correct-${c.id}` }, t('correctedOutcome')), outcome, h('label', { for: `correct-reason-${c.id}` }, t('correctionReason')), reason,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('recordCorrection'))), out));
}

function openControls(list) {
  const rows = list.items.map((c) => {
    const out = h('div', { role: 'status' });
    return h('tr', { 'data-control': c.id }, h('td', { class: 'num' }, fmt(c.priority, 0)),
      h('td', {}, addressText(c.address), h('div', { class: 'muted' }, `#${c.id} · ${t('statuses')[c.status]}${c.plannedFor ? ` · ${t('plannedFor')} ${day(c.plannedFor)}` : ''}`)),
      h('td', { class: 'hide-narrow' }, h('ul', { class: 'reasons' }, c.reasons.map((r) => h('li', {}, r)))),
      h('td', {}, c.status === 'approved' ? planForm(c, list.dates, out) : outcomeForm(c, list.dates, out)));
  });
  return rows.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'controls' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t('priority')), h('th', {}, t('address')), h('th', { class: 'hide-narrow' }, t('reasons')), h('th', {}, t('status')))), h('tbody', {}, rows))) : h('p', {}, t('noItems'));
}

function finishedControls(items) {
  const rows = items.map((c) => {
    const out = h('div', { role: 'status' });
    return h('tr', { 'data-control': c.id, 'data-outcome': c.outcome }, h('td', {}, addressText(c.address), h('div', { class: 'muted' }, `#${c.id}`)),
      h('td', {}, day(c.inspectedOn)), h('td', {}, h('strong', { class: 'outcome' }, t('outcomes')[c.outcome]), outcomeHistory(c)), h('td', {}, correctionForm(c, out)));
  });
  return rows.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'finished-controls' }, h('thead', {}, h('tr', {}, [t('address'), t('inspectedOn'), t('outcome'), t('correction')].map((x) => h('th', {}, x)))), h('tbody', {}, rows))) : h('p', { id: 'no-finished' }, t('noFinished'));
}

async function controlsView() {
  const [open, finished] = await Promise.all([api('/controls'), api('/controls?status=finished')]);
  return h('section', {}, h('h1', {}, t('approvedControls')),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'export-csv', onclick: () => download('csv') }, t('exportCsv')), h('button', { type: 'button', id: 'export-excel', onclick: () => download('csv-excel') }, t('exportExcel'))),
    openControls(open), h('h2', {}, t('finishedControls')), finishedControls(finished.items));
}

async function modelsView() {
  const list = await api('/models');
  const view = h('section', {}, h('h1', {}, t('models')));
  view.append(h('div', { class: 'table-wrap' }, h('table', { id: 'models' }, h('thead', {}, h('tr', {}, [t('version'), t('family'), t('status'), t('testYear'), t('ap'), t('p100'), t('backend'), t('created')].map((x) => h('th', {}, x)))),
    h('tbody', {}, list.items.map((m) => h('tr', {}, h('td', {}, h('a', { href: `#/models/${m.version}` }, m.version)), h('td', {}, m.family), h('td', {}, h('span', { class: 'status' }, m.status)), h('td', {}, m.testYear ?? t('none')), h('td', { class: 'num' }, fmt(m.averagePrecision, 4)), h('td', { class: 'num' }, fmt(m.precisionAt100, 2)), h('td', {}, m.backend), h('td', {}, when(m.createdAt))))))));
  if (can('models:disable') && list.items.some((m) => m.status === 'active')) {
    const reason = h('textarea', { id: 'disable-reason', required: true, minlength: 10 });
    const out = h('p', { role: 'status' });
    view.append(h('h2', {}, t('disable')), h('form', { id: 'disable-form', onsubmit: async (e) => { e.preventDefault(); try { await api('/model/disable', { method: 'POST', body: { reason: reason.value } }); route(); } catch (err) { out.replaceChildren(errorBox(err)); } } },
      h('label', { for: 'disable-reason' }, t('disableReason')), reason, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, t('disable'))), out));
  }
  return view;
}

/** The false-positive-rate bounds the model was audited with (stored on its card), else the service's configured ones. */
function fprBounds(fairness, configured) {
  const stored = (fairness?.bounds ?? []).find((b) => b.metric === 'falsePositiveRate');
  return stored ? { low: stored.low, high: stored.high } : (configured ?? null);
}

/** A false-positive-rate ratio, red and said in words when outside the bounds, whether or not the gate applied them. */
function ratioCell(ratio, bounds) {
  const outside = bounds && ratio !== null && ratio !== undefined && (ratio < bounds.low || ratio > bounds.high);
  if (!outside) return h('td', { class: 'num' }, fmt(ratio, 2));
  return h('td', { class: 'num outside', 'data-outside': 'true', title: t('outsideBounds')(fmt(bounds.low, 2), fmt(bounds.high, 2)) }, fmt(ratio, 2), h('span', { class: 'flag' }, ` ${t('outside')}`));
}

/** Beside each audit: which bounds colour it, and whether the gate applied them (the card: none without an attributes file). */
function boundsNote(audit, fairness, bounds) {
  if (!bounds) return null;
  const applied = (fairness.gate?.findings ?? []).some((f) => f.attribute === audit.attribute);
  const range = [fmt(bounds.low, 2), fmt(bounds.high, 2)];
  return h('p', { class: 'muted bounds-note', 'data-gate-applied': String(applied) }, t('boundsColour')(...range), ' ', applied ? t('boundsApplied') : t('boundsNotApplied'));
}

function fairnessTables(fairness, bounds) {
  const wrap = h('div', {});
  for (const audit of fairness?.audits ?? []) {
    wrap.append(h('h3', {}, `${audit.attribute} (ref. ${audit.reference})`), boundsNote(audit, fairness, bounds), h('div', { class: 'table-wrap' }, h('table', { 'data-fairness': audit.attribute },
      h('thead', {}, h('tr', {}, [t('group'), t('addresses'), t('selected'), t('selectionRate'), t('fpr'), t('fprRatio')].map((x) => h('th', {}, x)))),
      h('tbody', {}, audit.groups.map((g) => ('suppressed' in g ? h('tr', {}, h('td', {}, g.group), h('td', { colspan: 5 }, t('suppressed')))
        : h('tr', { 'data-group': g.group }, h('td', {}, g.group), h('td', { class: 'num' }, fmt(g.addresses, 0)), h('td', { class: 'num' }, fmt(g.selected, 0)), h('td', { class: 'num' }, pct(g.selectionRate, 3)), h('td', { class: 'num' }, pct(g.falsePositiveRate, 3)), ratioCell(g.falsePositiveRateRatio, bounds))))))));
    if (audit.calibration) {
      const verdict = (c) => (c.verdict === 'over' ? t('verdictOver') : c.verdict === 'under' ? t('verdictUnder') : t('verdictConsistent'));
      wrap.append(h('p', {}, t('calibrationWithin')), h('div', { class: 'table-wrap' }, h('table', { 'data-calibration': audit.attribute },
        h('thead', {}, h('tr', {}, [t('group'), t('predictedRate'), t('foundRate'), t('intervalOf'), t('verdict')].map((x) => h('th', {}, x)))),
        h('tbody', {}, audit.calibration.map((c) => ('suppressed' in c ? h('tr', {}, h('td', {}, c.group), h('td', { colspan: 4 }, t('suppressed')))
          : h('tr', { 'data-verdict': c.verdict }, h('td', {}, c.group), h('td', { class: 'num' }, pct(c.meanPredicted, 3)), h('td', { class: 'num' }, `${pct(c.observedRate, 3)} (${fmt(c.positives, 0)})`), h('td', { class: 'num' }, `${pct(c.low, 3)}–${pct(c.high, 3)}`), h('td', { class: c.verdict === 'consistent' ? '' : 'bad' }, verdict(c)))))))));
    }
  }
  if (fairness?.gate) {
    // A gate that applied no bound did not judge fairness: never shown as passed in green.
    const applied = fairness.gate.findings.length > 0;
    wrap.append(h('p', { id: 'fairness-gate', class: !applied ? 'muted' : fairness.gate.passed ? 'ok' : 'bad' }, `${t('gate')}: ${!applied ? t('gateNoBound') : fairness.gate.passed ? t('passed') : t('failed')}`));
  }
  return wrap;
}

/** An estimate from the random controls: value, interval and sample, or why there is none. */
function estimateText(e) {
  if (!e || e.estimate === null) return t('noEstimate');
  return `${pct(e.estimate, 3)} (${t('intervalOf')} ${pct(e.low, 3)}–${pct(e.high, 3)}; ${t('sampleOf')} ${fmt(e.sampleSize, 0)}, ${fmt(e.finds, 0)} ${t('findsOf')})`;
}

/** The test year over all labels, without the list-prompted controls, and on the random sample alone; then the live check. */
function threeWaysView(m) {
  const test = m.test, r = m.randomSample, k = r?.k ?? 100;
  const atK = test.atK.find((a) => a.k === k);
  const rows = [h('tr', { 'data-labels': 'all' }, h('th', {}, t('allLabels')), h('td', { class: 'num' }, `${fmt(test.rows, 0)} / ${fmt(test.positives, 0)} +`), h('td', {}, `AP ${fmt(test.averagePrecision, 4)}${atK ? ` · precision@${k} ${fmt(atK.precision, 3)}` : ''}`))];
  if (m.selfSelection) rows.push(h('tr', { 'data-labels': 'without-list' }, h('th', {}, t('withoutList')), h('td', { class: 'num' }, fmt(test.rows - m.selfSelection.controlled, 0)), h('td', {}, `AP ${m.selfSelection.averagePrecisionWithout === null ? t('none') : fmt(m.selfSelection.averagePrecisionWithout, 4)}`)));
  if (r) {
    rows.push(
      h('tr', { 'data-labels': 'random-rate' }, h('th', {}, `${t('randomOnly')}: ${t('findRate')}`), h('td', { class: 'num' }, fmt(r.findRate.sampleSize, 0)), h('td', {}, estimateText(r.findRate))),
      h('tr', { 'data-labels': 'random-precision' }, h('th', {}, `${t('randomOnly')}: precision@${k}`), h('td', { class: 'num' }, fmt(r.precisionAtK.sampleSize, 0)), h('td', {}, estimateText(r.precisionAtK))),
      h('tr', { 'data-labels': 'random-recall' }, h('th', {}, `${t('randomOnly')}: recall@${k}`), h('td', { class: 'num' }, fmt(r.recallAtK.sampleSize, 0)), h('td', {}, estimateText(r.recallAtK))),
    );
  }
  const wrap = h('div', { id: 'three-ways' }, h('h2', {}, t('threeWays')), h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, [t('labelsUsed'), t('size'), t('figures')].map((x) => h('th', {}, x)))), h('tbody', {}, rows))));
  if (r && r.findRate.sampleSize < 100) wrap.append(h('p', { class: 'muted' }, t('wideIntervals')));
  if (r && r.findRate.assumedUniform > 0) wrap.append(h('p', { class: 'muted' }, `${fmt(r.findRate.assumedUniform, 0)} ${t('uniformAssumed')}`));
  if (m.liveCheck) wrap.append(h('h3', {}, t('liveCheck')), liveCheckParagraph(m.liveCheck));
  return wrap;
}

/** The active model's test precision against its random-sample interval, in the page's language. */
function liveCheckParagraph(live) {
  const args = [live.version, live.k, pct(live.testPrecision, 1), pct(live.estimate.low, 1), pct(live.estimate.high, 1), fmt(live.estimate.sampleSize, 0)];
  const sentence = live.consistent === null ? t('liveNone')(live.version, live.k) : live.consistent ? t('liveInside')(...args) : t('liveOutside')(...args);
  return h('p', { class: live.consistent === false ? 'bad live-check' : 'live-check' }, sentence);
}

async function modelView(version) {
  const [{ card, shapes, fairnessBounds }] = await Promise.all([api(`/models/${version}`), loadCatalogue()]);
  const m = card.model, a = card.algoritmeregister, test = m.test;
  const view = h('section', {}, h('h1', {}, `${t('model')} ${m.version} · ${m.family} · `, h('span', { class: 'status' }, m.status)));
  // The card's own texts are in English: marked so, for screen readers and for whoever reads the page in Dutch.
  view.append(h('p', { lang: 'en' }, a.shortDescription), h('p', { class: 'muted', lang: 'en' }, a.humanIntervention));
  view.append(h('h2', {}, t('metrics')), h('div', { class: 'table-wrap' }, h('table', { id: 'metrics' }, h('tbody', {},
    h('tr', {}, h('th', {}, t('testYear')), h('td', {}, `${test.year} (${fmt(test.rows, 0)} ${t('addresses').toLowerCase()}, ${fmt(test.positives, 0)} +)`)),
    h('tr', {}, h('th', {}, 'AP'), h('td', {}, fmt(test.averagePrecision, 4))), h('tr', {}, h('th', {}, 'ROC-AUC'), h('td', {}, fmt(test.rocAuc, 3))),
    // Labels that follow where a list pointed (reason risk_model), and the AP without them; absent for older models.
    m.selfSelection ? h('tr', { 'data-metric': 'self-selection' }, h('th', {}, t('listPrompted')), h('td', {}, `${fmt(m.selfSelection.controlled, 0)} (${fmt(m.selfSelection.finds, 0)} +) · ${t('apWithout')}: ${m.selfSelection.averagePrecisionWithout === null ? '–' : fmt(m.selfSelection.averagePrecisionWithout, 4)}`)) : [],
    test.atK.map((k) => h('tr', {}, h('th', {}, `precision@${k.k} / lift@${k.k}`), h('td', {}, `${fmt(k.precision, 3)} / ${fmt(k.lift, 1)}`))),
    h('tr', {}, h('th', {}, 'Brier'), h('td', {}, fmt(test.brier, 5))), h('tr', {}, h('th', {}, 'ECE'), h('td', {}, fmt(test.calibrationError, 5)))))));
  view.append(threeWaysView(m));
  const charts = h('div', { class: 'charts' });
  if (test.prCurve?.length) charts.append(h('figure', { id: 'pr-curve' }, lineChart({ points: [{ x: 0, y: test.prCurve[0].precision }, ...test.prCurve.map((p) => ({ x: p.recall, y: p.precision }))], xLabel: t('recall'), yLabel: t('precision'), xDomain: [0, 1], yDomain: [0, 1], step: true, label: t('prCurve') }), h('figcaption', {}, t('prCurve'))));
  const rel = (test.reliability ?? []).filter((b) => b.count > 0);
  if (rel.length) {
    const top = rel.reduce((m, b) => Math.max(m, b.meanPredicted, b.observedRate), 1e-3);
    charts.append(h('figure', { id: 'calibration-curve' }, lineChart({ points: rel.map((b) => ({ x: b.meanPredicted, y: b.observedRate })), xLabel: t('predicted'), yLabel: t('observed'), xDomain: [0, top], yDomain: [0, top], diagonal: true, dots: true, label: t('calibration') }), h('figcaption', {}, t('calibration'))));
  }
  view.append(charts);
  if (shapes) view.append(h('h2', {}, t('shapes')), h('div', { class: 'shapes', id: 'shapes' }, shapes.map((sh) => h('figure', {}, shapeChart(sh), h('figcaption', {}, sh.feature)))));
  view.append(h('h2', {}, t('fairness')), fairnessTables(m.fairness, fprBounds(m.fairness, fairnessBounds)));
  view.append(h('h2', {}, t('gate')), h('ul', { id: 'gate-reasons', lang: 'en' }, (m.gate?.reasons ?? []).map((r) => h('li', {}, r))));
  view.append(h('h2', {}, t('events')), h('div', { class: 'table-wrap' }, h('table', {}, h('tbody', {}, (m.events ?? []).map((e) => h('tr', {}, h('td', {}, when(e.at)), h('td', {}, e.event), h('td', {}, e.actor), h('td', {}, e.justification ?? '')))))));
  if (can('models:activate') && m.status !== 'active') {
    const justification = h('textarea', { id: 'justification', required: true, minlength: 20 });
    const out = h('p', { role: 'status' });
    view.append(h('h2', {}, t('activate')), h('form', { id: 'activate-form', onsubmit: async (e) => { e.preventDefault(); try { await api(`/models/${m.version}/activate`, { method: 'POST', body: { justification: justification.value } }); route(); } catch (err) { out.replaceChildren(errorBox(err)); } } },
      h('label', { for: 'justification' }, t('justification')), justification, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('activate'))), out));
  }
  return view;
}

/** The samples drawn and what became of their members; the beheerder also draws one here. */
function sampleTable(items) {
  const c = t('counts');
  const keys = ['approved', 'rejected', 'pending', 'unanswered', 'controlled', 'found', 'noAccess'];
  const chance = (sample) => (sample.design === 'uniform' ? pct(sample.probability, 3)
    : h('details', {}, h('summary', {}, `${sample.strata.length} ${t('districts')}`), h('ul', {}, sample.strata.map((st) => h('li', {}, `${st.district}: ${fmt(st.n, 0)}/${fmt(st.frameSize, 0)} (${pct(st.probability, 2)})`)))));
  return items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'samples' },
    h('thead', {}, h('tr', {}, h('th', { class: 'num' }, '#'), h('th', {}, t('drawnAt')), h('th', {}, t('design')), h('th', { class: 'num' }, t('frame')), h('th', { class: 'num' }, 'n'), h('th', {}, t('chance')), keys.map((k) => h('th', { class: 'num' }, c[k])))),
    h('tbody', {}, items.map((sample) => h('tr', { 'data-sample': sample.id },
      h('td', { class: 'num' }, sample.id),
      h('td', {}, when(sample.drawnAt), h('div', { class: 'muted' }, sample.drawnBy), h('div', { class: 'muted' }, sample.reason)),
      h('td', {}, t('designs')[sample.design], h('div', { class: 'muted' }, `${t('seed')} ${sample.seed}`)),
      h('td', { class: 'num' }, fmt(sample.frameSize, 0)), h('td', { class: 'num' }, fmt(sample.n, 0)), h('td', {}, chance(sample)),
      keys.map((k) => h('td', { class: 'num', 'data-count': k }, fmt(sample.counts[k], 0)))))))) : h('p', {}, t('noItems'));
}

async function samplesView() {
  const overview = await api('/samples');
  const view = h('section', {}, h('h1', {}, t('samples')), h('p', { class: 'muted' }, t('sampleHelp')));
  let table = sampleTable(overview.items);
  if (can('samples:draw')) {
    const d = overview.defaults;
    const n = h('input', { id: 'sample-n', type: 'number', min: 1, max: 10000, step: 1, placeholder: d.n });
    const seed = h('input', { id: 'sample-seed', type: 'number', min: 0, max: 4294967295, step: 1 });
    const stratify = h('input', { id: 'sample-stratify', type: 'checkbox' });
    const reason = h('textarea', { id: 'sample-reason', required: true, minlength: 10, maxlength: 2000 });
    const out = h('p', { role: 'status' });
    const form = h('form', { id: 'sample-form', onsubmit: async (e) => {
      e.preventDefault();
      const body = { reason: reason.value };
      if (n.value.trim()) body.n = Number(n.value);
      if (seed.value.trim()) body.seed = Number(seed.value);
      if (stratify.checked) body.stratifyBy = 'district';
      try {
        const sample = await api('/samples', { method: 'POST', body });
        out.replaceChildren(h('span', { class: 'ok' }, `${t('sampleDrawn')} ${sample.id} (n = ${fmt(sample.n, 0)}, ${t('seed').toLowerCase()} ${sample.seed}).`));
        const fresh = sampleTable((await api('/samples')).items);
        table.replaceWith(fresh);
        table = fresh;
      } catch (err) {
        out.replaceChildren(errorBox(err));
      }
    } },
    h('label', { for: 'sample-n' }, t('sampleSize')), n,
    h('p', { class: 'muted', id: 'sample-default' }, `${t('sampleDefault')}: ${fmt(d.n, 0)} = ${fmt(d.share, 3)} × ${fmt(d.approvedControls, 0)} ${t('approvedLastYear')}`),
    h('label', { for: 'sample-seed' }, t('sampleSeed')), seed,
    h('label', { class: 'check' }, stratify, t('sampleStratify')),
    h('label', { for: 'sample-reason' }, t('sampleReason')), reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('drawSample'))), out);
    view.append(h('h2', {}, t('drawSample')), form);
  }
  view.append(h('h2', {}, t('samples')), table);
  return view;
}

async function jobsView() {
  const list = await api('/jobs');
  const view = h('section', {}, h('h1', {}, t('jobs')));
  if (can('jobs:run')) {
    const out = h('p', { role: 'status' });
    view.append(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'retrain', onclick: async () => { try { const r = await api('/jobs/retrain', { method: 'POST', body: {} }); out.textContent = `${t('saved')} ${r.scheduledFor}`; } catch (err) { out.replaceChildren(errorBox(err)); } } }, t('retrain'))), out);
  }
  // The newest run that checked the active model against the random sample: said in words, red when outside.
  const checked = list.items.find((j) => j.detail?.model?.liveCheck);
  if (checked) view.append(h('h2', {}, t('liveCheck')), liveCheckParagraph(checked.detail.model.liveCheck));
  view.append(list.items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'jobs' }, h('thead', {}, h('tr', {}, [t('job'), t('started'), t('finished'), t('status'), t('runner'), t('detail')].map((x) => h('th', {}, x)))),
    h('tbody', {}, list.items.map((j) => h('tr', {}, h('td', {}, j.job), h('td', {}, when(j.startedAt)), h('td', {}, when(j.finishedAt)), h('td', {}, h('span', { class: 'status' }, j.outcome)), h('td', {}, j.runner), h('td', {}, h('code', {}, JSON.stringify(j.detail).slice(0, 200)))))))) : h('p', {}, t('noItems')));
  return view;
}

/** The newest signed checkpoint of the audit log's head, and checkpoint lines that fail. */
function checkpointView(c) {
  const n = c.newest;
  const wrap = h('div', {});
  wrap.append(n
    ? h('p', { class: n.signatureValid && n.matchesChain ? 'ok' : 'bad', id: 'checkpoint' },
      `${t('checkpoint')}: ${t('entry')} ${n.seq} · ${n.hash.slice(0, 16)}…, ${when(n.time)}; ${t(n.signatureValid ? 'signatureOk' : 'signatureBad')}; ${t(n.matchesChain ? 'chainMatches' : 'chainDiffers')}`)
    : h('p', { class: 'notice', id: 'checkpoint' }, t('checkpointNone')));
  if (c.problemCount > 0) {
    wrap.append(h('div', { class: 'bad', id: 'checkpoint-problems' }, h('p', {}, `${t('checkpointBad')}: ${c.problemCount}`),
      h('ul', {}, c.problems.map((p) => h('li', {}, `${p.file}:${p.line}: ${p.problem}`)))));
  }
  return wrap;
}

/**
 * What the auditor typed as an address: a 16-digit id, or a postcode with an optional house
 * number ("1234 AB 5", "1234ab", "1234 AB, 5-A"); {} when empty, null when it is neither.
 */
function addressQuery(text) {
  const value = (text ?? '').trim();
  if (!value) return {};
  if (/^\d{16}$/.test(value)) return { addressId: value };
  const m = /^([1-9]\d{3})\s*([A-Za-z]{2})(?:[\s,]+(\d{1,5})(?:\s*-?\s*[A-Za-z0-9]{1,4})?)?$/.exec(value);
  return m ? { postcode: `${m[1]}${m[2].toUpperCase()}`, ...(m[3] ? { houseNumber: m[3] } : {}) } : null;
}

function auditForm(params) {
  const fields = [['actor', t('actorFilter')], ['address', t('addressFilter')], ['action', t('actionFilter')]];
  const inputs = Object.fromEntries(fields.map(([k]) => [k, h('input', { id: `audit-${k}`, value: params.get(k) ?? (k === 'address' ? params.get('addressId') : null) ?? '', 'aria-describedby': k === 'address' ? 'audit-address-hint' : null })]));
  const problem = h('p', { class: 'error', id: 'audit-address-error', role: 'alert' });
  const submit = (e) => {
    e.preventDefault();
    // Checked here, in the page's words: a postcode must not come back as the API's English refusal.
    if (addressQuery(inputs.address.value) === null) {
      problem.textContent = t('addressInvalid');
      inputs.address.setAttribute('aria-invalid', 'true');
      inputs.address.focus();
      return;
    }
    const q = new URLSearchParams();
    for (const [k] of fields) if (inputs[k].value.trim()) q.set(k, inputs[k].value.trim());
    location.hash = `#/audit?${q}`;
  };
  return h('form', { class: 'row', id: 'audit-filter', novalidate: true, onsubmit: submit },
    fields.map(([k, label]) => h('div', {}, h('label', { for: `audit-${k}` }, label), inputs[k], k === 'address' ? [h('p', { class: 'muted hint', id: 'audit-address-hint' }, t('addressHint')), problem] : null)),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, t('filter'))));
}

/** The addresses a postcode matched, so the auditor sees which homes the entries are about. */
function matchedAddresses(addresses) {
  if (!addresses) return null;
  if (!addresses.length) return h('p', { class: 'notice', id: 'audit-matched' }, t('noMatch'));
  const one = (a) => `${a.postcode} ${a.houseNumber}${a.houseSuffix ? ` ${a.houseSuffix}` : ''} (${a.addressId})`;
  return h('p', { id: 'audit-matched' }, `${t('matched')}: ${addresses.map(one).join('; ')}`);
}

function auditTable(items, ids) {
  // With an address filter: did the entry name the address, or show it among others in a list?
  const how = (e) => (ids.includes(e.addressId) ? t('named') : t('shownInList')(fmt(Array.isArray(e.detail?.shown) ? e.detail.shown.length : 0, 0)));
  const heads = ['#', t('at'), t('actor'), t('role'), t('action'), t('path'), t('purpose'), t('status'), ...(ids.length ? [t('how')] : [])];
  return h('div', { class: 'table-wrap' }, h('table', { id: 'audit-log' }, h('thead', {}, h('tr', {}, heads.map((x) => h('th', {}, x)))),
    h('tbody', {}, items.map((e) => h('tr', { 'data-action': e.action, 'data-seq': e.seq }, h('td', { class: 'num' }, e.seq), h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', {}, e.role ?? ''), h('td', {}, e.action), h('td', {}, h('code', {}, e.path ?? '')), h('td', {}, e.purpose ?? ''), h('td', { class: 'num' }, e.status),
      ids.length ? h('td', { 'data-how': ids.includes(e.addressId) ? 'named' : 'shown' }, how(e)) : null)))));
}

async function auditEntries(params) {
  const address = addressQuery(params.get('address') ?? params.get('addressId'));
  if (address === null) return h('p', { class: 'bad', role: 'alert' }, t('addressInvalid'));
  const q = new URLSearchParams({ limit: '200', ...address });
  for (const k of ['actor', 'action']) if (params.get(k)) q.set(k, params.get(k));
  try {
    const log = await api(`/audit-log?${q}`);
    const ids = log.addresses ? log.addresses.map((a) => a.addressId) : address.addressId ? [address.addressId] : [];
    return h('div', {}, matchedAddresses(log.addresses), auditTable(log.items, ids));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return errorBox(error);
  }
}

async function auditView(params) {
  const view = h('section', {}, h('h1', {}, t('audit')));
  if (can('audit:verify')) {
    const v = await api('/audit-log/verify');
    view.append(v.problemCount === 0
      ? h('p', { class: 'ok', id: 'verify' }, `${t('verifyOk')}: ${fmt(v.entries, 0)} ${t('entries')}; ${t('head')} ${v.head ? `${v.head.seq} · ${v.head.hash.slice(0, 16)}…` : t('none')}`)
      : h('div', { class: 'bad', id: 'verify' }, h('p', {}, `${t('verifyBad')}: ${fmt(v.problemCount, 0)}`), h('ul', {}, v.problems.map((p) => h('li', { lang: 'en' }, `#${p.seq}: ${p.problem}`)))));
    view.append(checkpointView(v.checkpoints));
  }
  view.append(auditForm(params), await auditEntries(params));
  return view;
}

// ---- router --------------------------------------------------------------------------
const HOME = { analist: '#/risk', riec: '#/signals', interventieteam: '#/controls', beheerder: '#/models', auditor: '#/audit' };

async function route() {
  if (!me) return;
  const [path, query = ''] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  const allowedHome = NAV.find((n) => can(n.needs))?.hash;
  if (!parts.length) {
    location.replace(HOME[me.roles[0]] ?? allowedHome ?? '#/none');
    return;
  }
  renderChrome();
  const views = {
    risk: ['risk:list', () => riskView(params)],
    address: ['risk:address', () => addressView(parts[1])],
    signals: ['signals:read', () => signalsView(params)],
    controls: ['controls:read', () => controlsView()],
    models: ['models:read', () => (parts[1] ? modelView(parts[1]) : modelsView())],
    samples: ['samples:read', () => samplesView()],
    jobs: ['jobs:read', () => jobsView()],
    audit: ['audit:read', () => auditView(params)],
  };
  const entry = views[parts[0]];
  const target = main();
  if (!entry || !can(entry[0])) {
    // Not rendered at all: a role sees nothing of a part it has no permission for.
    target.replaceChildren(h('p', { class: 'notice', id: 'not-permitted' }, t('forbidden')));
    return;
  }
  target.setAttribute('aria-busy', 'true');
  try {
    target.replaceChildren(await entry[1]());
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) target.replaceChildren(errorBox(error));
  } finally {
    target.removeAttribute('aria-busy');
  }
  target.focus({ preventScroll: true });
}

async function boot() {
  authConfig ??= await (await fetch('/auth/config')).json();
  const search = new URLSearchParams(location.search);
  try {
    if (search.has('code') && authConfig.mode === 'oidc') await finishOidc(search);
  } catch (error) {
    main().replaceChildren(signInView(error.message));
    return;
  }
  if (!store.token) {
    renderChrome();
    main().replaceChildren(signInView());
    return;
  }
  const res = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${store.token}` } });
  if (!res.ok) {
    signOut(res.status === 401 ? t('expired') : null);
    return;
  }
  me = await res.json();
  renderChrome();
  if (needsPurpose() && !store.purpose) await askPurpose();
  if (!location.hash || location.hash === '#/') location.hash = HOME[me.roles[0]] ?? '#/';
  else await route();
}

document.getElementById('lang').addEventListener('click', () => {
  store.lang = store.lang === 'nl' ? 'en' : 'nl';
  renderChrome();
  if (me) void route();
  else main().replaceChildren(signInView());
});
document.getElementById('sign-out').addEventListener('click', () => signOut());
document.getElementById('purpose-button').addEventListener('click', () => void askPurpose().then(route));
window.addEventListener('hashchange', () => void route());
void boot();
