/** The card's words in Dutch, the page's default language; card-texts.ts holds the English and says what each is. */
import { additiveSentence, pairSweepWords } from './card-additive.ts';
import type { CardTexts, ModelCard, StoredMetrics, StoredTraining } from './card-types.ts';
import { selfSelectionSentence } from './evaluate.ts';
import { negativeSamplingSentence } from './negative-sampling.ts';
import { labelWeightingSentence } from './label-weighting.ts';
import type { ModelRecord } from './registry.ts';
import { liveCheckSentence, randomSampleSentence } from './sample-figures.ts';
import { decimalNl, wholeNl } from './words-nl.ts';

const FAMILY_TEXT_NL: Record<string, string> = {
  additive:
    'een gegeneraliseerd additief model: per kenmerk een geleerde trapfunctie van de waarde van het ' +
    'kenmerk; de score (log-odds) is de som van die termen plus een intercept, dus elke bijdrage is exact',
  logistic:
    'logistische regressie op gestandaardiseerde kenmerken: de score (log-odds) is de som van gewicht × waarde plus een intercept, dus elke bijdrage is exact',
  mlp:
    'een klein neuraal netwerk (multilayer perceptron); de bijdragen zijn integrated gradients vanaf het ' +
    'gemiddelde trainingsadres, waarvan de volledigheidsfout gemeten en vermeld wordt',
};

export const CARD_TEXTS_NL: CardTexts = {
  shortDescription:
    'Rangschikt de woningen van de gemeente naar de kans dat een controle dit jaar een illegale hennepkwekerij vindt, ' +
    'met per adres de feiten die die kans verhogen of verlagen.',
  goalAndImpact:
    'Doel: kwekerijen vinden voordat ze brand, ontploffing of schade bij de buren veroorzaken, en de ' +
    'weinige controles per jaar inzetten waar ze de meeste kans hebben er een te vinden. ' +
    'Impact: een adres hoog op de lijst wordt door een analist bekeken; dat is zelf al een inbreuk die ' +
    'door het doel gerechtvaardigd moet zijn; uit de score alleen volgt geen enkele actie.',
  humanIntervention:
    'De score is een signaal, nooit een besluit: het systeem onderneemt niets tegen een adres. Mensen ' +
    'bekijken het adres en de uitleg en besluiten over een controle; ' +
    'de uitkomst van elke controle komt terug als inspectie en wordt een label voor de evaluatie.',
  legalBasis:
    'In te vullen door de gemeente: de taak (bijv. Opiumwet art. 13b, Gemeentewet art. 174a, Woningwet) ' +
    'en de grondslag voor de gegevensverwerking onder de AVG, ' +
    'met de verwijzing naar de DPIA. Het systeem weigert bijzondere persoonsgegevens bij het inlezen.',
  learnsOverTime:
    'Ja, in stappen: een geregistreerd model ligt vast, maar de dienst traint volgens een schema opnieuw ' +
    '(HENNEP_RETRAIN_CRON) en een nieuw model vervangt het actieve ' +
    'zonder tussenkomst van een mens wanneer het de promotiepoort doorstaat. Elke versie en elk besluit ' +
    'blijft in het register; een beheerder kan een geweigerd model alleen ' +
    'met een schriftelijke onderbouwing activeren.',
  notInCatalogue: '(niet in de huidige catalogus)',
  family: FAMILY_TEXT_NL,
};

/** How the model was tested and is watched, in Dutch. */
export function riskManagementNl(metrics: StoredMetrics, fairness: ModelCard['model']['fairness']): string {
  const test = metrics.chosen;
  const p100 = test.atK.find((a) => a.k === 100);
  return [
    `Getest op een jaar dat niet is gebruikt voor fitten, afstellen of kalibreren (${test.year}: AP ${decimalNl(test.averagePrecision, 4)}, ` +
      `precisie in de top 100 ${p100 ? decimalNl(p100.precision, 2) : 'n.v.t.'} tegen een basiskans van ${decimalNl(test.positives / test.rows, 4)}; ` +
      'met ongeveer honderd vondsten per jaar schommelt de AP van jaar tot jaar met ongeveer ±0,015).',
    metrics.selfSelection ? selfSelectionSentence(test.year, test.averagePrecision, metrics.selfSelection, 'nl') : null,
    metrics.randomSample ? randomSampleSentence(metrics.randomSample, 'nl') : null,
    metrics.liveCheck ? liveCheckSentence(metrics.liveCheck, test.year, 'nl') : null,
    `Selectiekans en fout-positievenpercentage van de top ${fairness.listSize} worden gerapporteerd per wijk, eigendom en woningtype; ` +
      'de promotiepoort begrenst de verhouding van de fout-positievenpercentages tussen auditgroepen alleen als een bestand met auditkenmerken is meegegeven ' +
      `(${fairness.gate.findings.length ? 'dat was zo' : 'niet bij dit model'}).`,
    'Het fout-positievenpercentage is het aandeel van de adressen zonder vastgelegde vondst dat de lijst ' +
      'selecteert; nooit gecontroleerde adressen tellen als zonder vondst.',
    'De drift van elk kenmerk wordt bij elke run gemeten.',
    'Een model vervangt het actieve alleen als zijn test-AP niet meer dan de tolerantie slechter is dan die van het actieve model op hetzelfde jaar ' +
      '(als beide dezelfde kenmerken gebruiken; zonder de adressen waar een risicolijst controles heen stuurde, als die er zijn).',
    'Toegangslogging en rollen horen bij de dienst.',
  ]
    .filter((sentence) => sentence !== null)
    .join(' ');
}

/** How the model works, in Dutch. */
export function technicalWorkingNl(record: ModelRecord, training: StoredTraining): string {
  const { plan, refit } = training;
  const family = FAMILY_TEXT_NL[record.family] ?? record.family;
  return [
    `${family.charAt(0).toUpperCase()}${family.slice(1)}.`,
    additiveSentence(record.artefact, 'nl'),
    `${record.featureNames.length} kenmerken naar de stand van 1 januari; getraind op de peiljaren ${plan.train.join(', ')}, ` +
      `vroeg stoppen en kalibratie van de kans (Platt) op ${plan.validation}, getest op ${plan.test}.`,
    'Label: een controle in het jaar vond een kwekerij of voorbereiding; nooit gecontroleerde adressen tellen als zonder vondst, ' +
      'dus het model leert waar controles kwekerijen vonden, ook waar eerdere controles heen gestuurd werden.',
    training.labelWeighting
      ? labelWeightingSentence(training.labelWeighting.train, 'nl')
      : 'Weging van labels: geen (elk label telt zoals het is).',
    negativeSamplingSentence(training.negativeSampling, 'nl'),
    negativeSamplingSentence(refit?.negativeSampling, 'nl', true),
    refit
      ? `Het model dat adressen scoort is deze fit, opnieuw gefit op ${refit.years.join(', ')} (${wholeNl(refit.rows)} rijen, het testjaar inbegrepen) ` +
        `met de ${refit.epochs} rondes die vroeg stoppen opleverde${pairSweepWords(refit.pairSweeps, 'nl')}, ` +
        `de Platt-kalibratie gefit op out-of-fold-scores over twee helften van de adressen; ` +
        'elk cijfer op deze kaart is van de achtergehouden fit, die het testjaar nooit zag.'
      : 'Het model dat adressen scoort is de achtergehouden fit waar deze cijfers van zijn.',
  ]
    .filter(Boolean)
    .join(' ');
}
