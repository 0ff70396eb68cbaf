import Foundation

extension BillingPolicy {
  /// The earliest moment at which the billing step has something to do for `account`
  /// (a reminder, a renewal, a retry, a period end, a refund completing), or nil when
  /// nothing will ever be due. The store indexes it, so a billing run (R28) reads only
  /// the accounts that are due and an idle account costs nothing.
  ///
  /// The due moments depend only on the policy and the account, never on the catalog,
  /// so the store can keep this current at every save.
  public func nextDueDate(for account: Account) -> Date? {
    BillingStep(catalog: Catalog(plans: []), taxRates: TaxRates(countries: []), policy: self)
      .pending(for: account).first?.date
  }
}
