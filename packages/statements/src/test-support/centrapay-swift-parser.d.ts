// Types for the parts of @centrapay/swift-parser the differential test compares against.
declare module '@centrapay/swift-parser' {
  interface BigNumberLike {
    toFixed(decimals?: number): string;
  }
  interface CentrapayTransaction {
    readonly date: Date;
    readonly entryDate: Date | '';
    readonly amount: BigNumberLike;
    readonly isReversal: boolean;
    readonly currency: string;
    readonly details: string;
    readonly transactionType: string;
    readonly reference: string;
    readonly bankReference: string;
  }
  interface CentrapayStatement {
    readonly transactionReference: string;
    readonly accountIdentification: string;
    readonly number: { readonly statement: string; readonly sequence: string };
    readonly currency: string;
    readonly openingBalance: BigNumberLike;
    readonly closingBalance: BigNumberLike;
    readonly openingBalanceDate: Date;
    readonly closingBalanceDate: Date;
    readonly transactions: readonly CentrapayTransaction[];
  }
  const parser: {
    parse(opts: { data: string; type: 'mt940' | 'mt942'; validate?: boolean }): CentrapayStatement[];
  };
  export = parser;
}
