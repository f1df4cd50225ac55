
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
    ],
    "TimelineEvent": [
      "Article",
      "Exchange",
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
    ],
    "TimelineEvent": [
      "Article",
      "Exchange",
      "Statement"
    ]
  }
};
      export default result;
    