// Small synthetic tasks of the course, shared by the tests and the demos.
export { encodeWords, orderFlipped, type Phrase, phrase, SENTIMENT_WORDS, sentimentPhrases } from './sentiment.js';
export { randomSequence, reversed, risingTags } from './digits.js';
