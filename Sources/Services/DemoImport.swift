import Billing
import Foundation
import Storage

// `proxydash init DIR --from demo-data`: a store built from the demo dataset.
extension ProxyDashService {
  /// Imports every persona of `dataset` into this (empty) store, each in one
  /// transaction: account, log-in, proxy users, emails already sent, ledger, usage.
  public func importDemo(_ dataset: DemoDataset) throws(ServiceError) {
    try setCatalog(dataset.catalog, taxRates: dataset.taxRates, coupons: dataset.coupons)
    // One slow hash for the shared demo password: every persona logs in with it.
    let hash = try run { try passwordHasher.hash(dataset.password) }
    for persona in dataset.personas {
      let account = persona.account
      try run {
        try store.write { session in
          if try session.accountID(email: account.email) != nil {
            throw ServiceError.emailTaken(account.email)
          }
          _ = try session.insertAccount(account)
          try session.setCredentials(Credentials(password: hash), accountID: account.id)
          for user in persona.proxyUsers {
            let password = try PasswordHasher(iterations: 1_000).hash(persona.proxyUserPasswords[user.id] ?? dataset.password)
            try session.insertProxyUser(StoredProxyUser(user: user, accountID: account.id, password: password))
          }
          for order in account.orders where order.status == .paid || order.status == .refunded {
            if let code = order.invoice.discountLabel?.replacingOccurrences(of: "Coupon ", with: ""), order.kind != .renewal {
              try session.recordCouponRedemption(accountID: account.id, code: code, orderID: order.id, at: order.createdAt)
            }
          }
          _ = try session.queueNotices(persona.notices, accountID: account.id, email: account.email)
          try session.appendEvents(persona.events, accountID: account.id)
          for (product, records) in persona.usage.sorted(by: { $0.key < $1.key }) {
            try session.insertUsage(records, accountID: account.id, product: product)
          }
        }
      }
    }
  }

  /// Builds a store in `directory` from the demo data folder; refuses a folder that
  /// already holds a store. Returns the dataset it loaded.
  @discardableResult
  public static func createDemoStore(
    at directory: URL, from demoData: URL, now: Date? = nil
  ) throws(ServiceError) -> DemoDataset {
    if Store.exists(at: directory) {
      throw .invalidInput("\(directory.path) already holds a ProxyDash store: choose an empty folder.")
    }
    let dataset: DemoDataset
    do {
      dataset = try DemoDataset.load(from: demoData, now: now)
    } catch {
      throw .invalidInput(error.description)
    }
    let service = try ProxyDashService.open(directory: directory, clock: FixedClock(dataset.now))
    try service.importDemo(dataset)
    service.store.close()
    return dataset
  }
}
