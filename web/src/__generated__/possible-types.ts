
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Article",
      "Exchange",
      "Person",
      "Statement"
    ],
    "SearchResult": [
      "Article",
      "Exchange",
      "Person",
      "Statement"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "Node": [
      "Article",
      "Exchange",
      "Person",
      "Statement"
    ],
    "SearchResult": [
      "Article",
      "Exchange",
      "Person",
      "Statement"
    ]
  }
};
      export default result;
    