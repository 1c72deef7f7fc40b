/**
 * Questions the load bench asks. `builtin`: varied questions the built-in engine answers alone at its
 * threshold on the bench target (the bench checks each once and drops any that come back otherwise);
 * `llm`: questions it is not sure of, so a configured LLM is asked.
 */
export const builtinQuestions = [
  'How many customers are there?',
  'How many orders are there?',
  'Number of orders per status',
  'Total amount of orders per channel',
  'Average price of products per category',
  'How many customers per country?',
  'How many products per category?',
  'Number of customers per segment',
  'How many orders were cancelled?',
  'How many customers are in Germany?',
  'How many shipped orders are there?',
  'Total quantity of order items',
  'Number of orders per year',
  'Total amount of delivered orders',
  'How many products are there?',
  'Number of orders per country',
  'Total amount of orders per month',
  'Average price of products',
  'Number of orders per customer segment',
];

export const llmQuestions = [
  'Which customers look most loyal to us?',
  'What is unusual about last spring?',
  'Where should we open the next shop?',
  'Which products seem to be falling out of favour?',
];

/** The SQL the fake LLM answers with: valid on the target, cheap to run. */
export const llmSql = 'SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY orders DESC';
