import Billing
import Foundation
import Storage

// Proxy users (R25): a name unique per product, a proxy password kept hashed and readable
// (R25a: the gateway checks it, the customer copies it), an optional traffic limit, and no more users than the subscription allows.
extension ProxyDashService {
  public static let proxyPasswordMinimum = ProxyUserRules.passwordMinimum

  public func proxyUsers(accountID: String) throws(ServiceError) -> [ProxyUser] {
    try requireAccount(accountID)
    return try run { try store.read { try $0.proxyUsers(accountID: accountID).map(\.user) } }
  }

  public func addProxyUser(
    accountID: String, product: Product, name: String, password: String, limit: Traffic?
  ) throws(ServiceError) -> ProxyUser {
    let name = try Self.checkedProxyUserName(name)
    try Self.checkProxyPassword(password)
    try Self.checkLimit(limit)
    let hash = try run { try passwordHasher.hash(password) }
    let now = self.now
    return try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        guard let subscription = loaded.account.liveSubscription(of: product) else {
          throw ServiceError.invalidInput(
            "Buy a \(product.displayName) plan first: proxy users belong to a subscription.")
        }
        let allowed = ProxyUserAllowance.limit(for: subscription, catalog: catalog)
        let existing = try session.proxyUsers(accountID: accountID).filter {
          $0.user.product == product
        }.count
        guard existing < allowed else {
          throw ServiceError.invalidInput(
            "Your \(planName(subscription.planID)) plan allows \(allowed) proxy user\(allowed == 1 ? "" : "s"), and all are in use: buy more proxy users or remove one first."
          )
        }
        let user = ProxyUser(
          id: try session.nextProxyUserID(accountID: accountID), product: product, name: name,
          limit: limit,
          createdAt: now)
        do {
          try session.insertProxyUser(
            StoredProxyUser(user: user, accountID: accountID, password: hash, secret: password))
        } catch StoreError.conflict(let message) {
          // Named, so the form shows it on the Name field and keeps what was typed.
          throw ServiceError.proxyUserNameTaken(message)
        }
        return user
      }
    }
  }

  public func changeProxyUserPassword(accountID: String, proxyUserID: String, password: String)
    throws(ServiceError)
  {
    try Self.checkProxyPassword(password)
    let hash = try run { try passwordHasher.hash(password) }
    try run {
      try store.write { session in
        try session.setProxyUserPassword(
          id: proxyUserID, accountID: accountID, password: hash, secret: password)
      }
    }
  }

  public func setProxyUserLimit(accountID: String, proxyUserID: String, limit: Traffic?)
    throws(ServiceError)
  {
    try Self.checkLimit(limit)
    try run {
      try store.write { session in
        try session.setProxyUserLimit(id: proxyUserID, accountID: accountID, limit: limit)
      }
    }
  }

  public func removeProxyUser(accountID: String, proxyUserID: String) throws(ServiceError) {
    try run {
      try store.write { session in
        let removed = try session.proxyUser(id: proxyUserID, accountID: accountID)
        try session.deleteProxyUser(id: proxyUserID, accountID: accountID)
        // The freed place goes to the oldest paused user (R25).
        let loaded = try load(session, accountID)
        if let product = removed?.user.product,
          let subscription = loaded.account.liveSubscription(of: product)
        {
          try fitProxyUsers(session, account: loaded.account, subscription: subscription)
        }
      }
    }
  }

  /// The customer picks which proxy users serve (R25): a paused user serves again in place
  /// of the newest serving one, or a serving one is paused for the oldest paused one.
  public func swapPausedProxyUser(accountID: String, proxyUserID: String) throws(ServiceError)
    -> [ProxyUser]
  {
    try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        let all = try session.proxyUsers(accountID: accountID).map(\.user)
        guard let user = all.first(where: { $0.id == proxyUserID }) else {
          throw BillingError.unknownProxyUser(proxyUserID)
        }
        let allowed = loaded.account.liveSubscription(of: user.product).map {
          ProxyUserAllowance.limit(for: $0, catalog: catalog)
        }
        guard let allowed else {
          throw ServiceError.invalidInput(
            "Buy a \(user.product.displayName) plan first: proxy users belong to a subscription.")
        }
        let changed = try ProxyUserAllowance.swapped(
          proxyUserID, in: all.filter { $0.product == user.product }, allowed: allowed)
        for user in changed {
          try session.setProxyUserPaused(id: user.id, accountID: accountID, paused: user.paused)
        }
        return try session.proxyUsers(accountID: accountID).map(\.user)
      }
    }
  }

  /// How many of the product's proxy users serve now, for a plan's preview (R25).
  func servingProxyUsers(_ session: StoreSession, accountID: String, planID: String) throws -> Int {
    guard let product = catalog.plan(id: planID)?.product else { return 0 }
    return try session.proxyUsers(accountID: accountID).filter {
      $0.user.product == product && !$0.user.paused
    }.count
  }

  /// Pauses or un-pauses the subscription's product's users to fit what it allows (R25).
  func fitProxyUsers(_ session: StoreSession, account: Account, subscription: Subscription) throws {
    let users = try session.proxyUsers(accountID: account.id).map(\.user).filter {
      $0.product == subscription.product
    }
    let allowed = ProxyUserAllowance.limit(for: subscription, catalog: catalog)
    for user in ProxyUserAllowance.fitted(users, allowed: allowed) {
      try session.setProxyUserPaused(id: user.id, accountID: account.id, paused: user.paused)
    }
  }

  /// Whether `password` is the proxy user's password (for tests and support).
  public func verifyProxyUserPassword(accountID: String, proxyUserID: String, password: String)
    throws(ServiceError) -> Bool
  {
    let stored = try run {
      try store.read { try $0.proxyUser(id: proxyUserID, accountID: accountID) }
    }
    guard let stored else { throw .invalidInput("There is no proxy user \(proxyUserID).") }
    return passwordHasher.verify(password, against: stored.password)
  }

  /// The proxy user's password, read only when the customer asks to see it (R25a), so
  /// no snapshot carries secrets. Nil for a user made before passwords were kept
  /// readable; another account's user is refused as if it did not exist.
  public func proxyUserPassword(accountID: String, proxyUserID: String) throws(ServiceError)
    -> String?
  {
    try requireAccount(accountID)
    let stored = try run {
      try store.read { try $0.proxyUser(id: proxyUserID, accountID: accountID) }
    }
    guard let stored else { throw .invalidInput("There is no proxy user \(proxyUserID).") }
    return stored.secret
  }

  // MARK: Rules

  static func checkedProxyUserName(_ name: String) throws(ServiceError) -> String {
    switch ProxyUserRules.checkedName(name) {
    case .success(let trimmed): return trimmed
    case .failure(let problem): throw .invalidInput(problem.message)
    }
  }

  static func checkProxyPassword(_ password: String) throws(ServiceError) {
    if let problem = ProxyUserRules.problem(withPassword: password) { throw .weakPassword(problem.message) }
  }

  static func checkLimit(_ limit: Traffic?) throws(ServiceError) {
    if let limit, limit.bytes <= 0 {
      throw .invalidInput("A traffic limit must be more than 0 GB, or none.")
    }
  }
}
