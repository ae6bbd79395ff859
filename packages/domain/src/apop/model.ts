import { z } from 'zod';
import type { ApopAnswers } from './screening.ts';

/**
 * The functional domain (R-APOP-03): a logistic prediction model of functional decline or death within three
 * months. Its coefficients are the hospital's validated model, entered by an administrator with who validated it
 * and where it comes from. Loket ships no coefficients: without a model the functional domain is "not
 * configured", never guessed.
 */
export const APOP_HIGH_RISK_THRESHOLD = 0.45;

export const apopPredictors = [
  'agePerYear',
  'male',
  'arrivedByAmbulance',
  'regularHelp',
  'bathingHelp',
  'admittedPastSixMonths',
  'impairedCognition',
] as const;
export type ApopPredictor = (typeof apopPredictors)[number];

const coefficient = z
  .number({ message: 'Enter a number' })
  .refine(Number.isFinite, { message: 'Enter a finite number' })
  .refine((v) => Math.abs(v) <= 50, { message: 'A coefficient this large cannot be right: check it' });

export const ApopModelInputSchema = z
  .object({
    intercept: coefficient,
    coefficients: z
      .object({
        /** Per year of age. */
        agePerYear: coefficient,
        /** Male sex (female is the reference, 0). */
        male: coefficient,
        arrivedByAmbulance: coefficient,
        regularHelp: coefficient,
        bathingHelp: coefficient,
        admittedPastSixMonths: coefficient,
        impairedCognition: coefficient,
      })
      .strict(),
    validatedBy: z.string().trim().min(3, { message: 'Say who validated these coefficients' }).max(300),
    source: z.string().trim().min(3, { message: 'Say where the coefficients come from' }).max(500),
  })
  .strict();
export type ApopModelInput = z.input<typeof ApopModelInputSchema>;
export type ApopModel = z.output<typeof ApopModelInputSchema>;

export interface ApopFunctionalRisk {
  /** Probability of functional decline or death within three months, 0..1. */
  probability: number;
  high: boolean;
}

/** The linear predictor through the logistic function; 45% or more is high risk (the top 20%). */
export function apopFunctionalRisk(
  model: Pick<ApopModel, 'intercept' | 'coefficients'>,
  age: number,
  answers: Omit<ApopAnswers, 'yearQuestion' | 'monthsBackwards' | 'knownDementia'>,
  cognitionImpaired: boolean,
): ApopFunctionalRisk {
  const c = model.coefficients;
  const x = (b: boolean) => (b ? 1 : 0);
  const linear =
    model.intercept +
    c.agePerYear * age +
    c.male * x(answers.sex === 'male') +
    c.arrivedByAmbulance * x(answers.arrivedByAmbulance) +
    c.regularHelp * x(answers.regularHelp) +
    c.bathingHelp * x(answers.bathingHelp) +
    c.admittedPastSixMonths * x(answers.admittedPastSixMonths) +
    c.impairedCognition * x(cognitionImpaired);
  const probability = 1 / (1 + Math.exp(-linear));
  // A model built to put its cut-off exactly at 45% must not fall just short of it through rounding.
  return { probability, high: probability >= APOP_HIGH_RISK_THRESHOLD - 1e-12 };
}
