import Billing
import Foundation
import GRDB

extension Store {
  /// The meta key under which an imported demo keeps its fixed "now" (ISO 8601).
  public static let demoNowKey = "demoNow"

  /// Fills an empty store from the demo dataset in one transaction: catalog, tax rates,
  /// coupons, policy, the demo's "now", and every persona with its credentials, proxy
  /// users, history of charges, emails already sent, events and usage. Storage has no
  /// crypto of its own: `accountPassword` is the shared demo password's hash, and
  /// `proxyPassword` hashes each proxy user's password.
  ///
  /// Each paid or declined order of the replayed history gets its charge row, so the
  /// store's invariant (every charge matches exactly one order) holds from the start.
  public func importDemo(
    _ dataset: DemoDataset, accountPassword: PasswordHash,
    proxyPassword: (String) throws -> PasswordHash
  ) throws {
    try write { session in
      guard try session.accountCount() == 0 else {
        throw StoreError.conflict(
          "The store \(directory.path) already holds accounts: demo data goes only into a new store."
        )
      }
      try session.setCatalog(dataset.catalog)
      try session.setTaxRates(dataset.taxRates)
      try session.setCoupons(dataset.coupons)
      try session.setProxyEndpoints(dataset.endpoints)
      try session.setPolicy(dataset.policy)
      if let seller = dataset.seller { try session.setInvoiceSeller(seller) }
      try session.setMeta(Self.demoNowKey, ISO8601DateFormatter().string(from: dataset.now))
      for persona in dataset.personas {
        let account = persona.account
        try session.insertAccount(account, issuingInvoices: false)
        try session.setCredentials(
          Credentials(password: accountPassword), accountID: account.id)
        for user in persona.proxyUsers {
          let password = persona.proxyUserPasswords[user.id] ?? dataset.password
          try session.insertProxyUser(
            StoredProxyUser(
              user: user, accountID: account.id, password: try proxyPassword(password),
              secret: password))
        }
        for order in account.orders {
          let declined = order.status == .declined
          try session.insertChargeIntent(
            ChargeRecord(
              idempotencyKey: "\(account.id)/history-\(order.id)", accountID: account.id,
              orderID: order.id,
              amount: order.total, paymentMethod: order.paymentMethod,
              description: order.kind.label,
              purpose: "{\"history\":{}}", accountVersion: 1, createdAt: order.createdAt))
          try session.resolveCharge(
            key: "\(account.id)/history-\(order.id)", status: declined ? .declined : .approved,
            orderID: order.id,
            declineReason: declined ? "card declined" : nil, at: order.createdAt)
          if let label = order.invoice.discountLabel, label.hasPrefix("Coupon ") {
            try session.recordCouponRedemption(
              accountID: account.id, code: String(label.dropFirst("Coupon ".count)),
              orderID: order.id, at: order.createdAt)
          }
        }
        let queued = try session.queueNotices(persona.notices, accountID: account.id, email: account.email)
        // A customer of a year has read last year's receipts: only the last week's
        // emails are new when the demo opens.
        let recent = dataset.now.addingTimeInterval(-7 * 86_400)
        for message in queued where message.date < recent {
          try session.markRead(messageID: message.id, accountID: account.id)
        }
        try session.appendEvents(persona.events, accountID: account.id)
        if let plan = persona.trafficPlan {
          try session.setDemoTrafficPlan(plan, accountID: account.id)
        }
        for (product, records) in persona.usage.sorted(by: { $0.key < $1.key }) {
          try session.insertUsage(records, accountID: account.id, product: product)
        }
      }
      // R26a: the personas' histories numbered together, in order of time.
      try session.issueAllMissingInvoices()
    }
  }

  /// The imported demo's fixed "now", if this store was made from demo data.
  public func demoNow() throws -> Date? {
    guard let text = try read({ try $0.meta(Self.demoNowKey) }) else { return nil }
    return ISO8601DateFormatter().date(from: text)
  }
}
