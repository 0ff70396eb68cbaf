import Billing
import Foundation
import Storage

// Sign-up, log-in with lockout, profile and password (R24).
extension ProxyDashService {
  /// `country` is the billing country as typed (a code or a name, as the profile form
  /// takes it): VAT depends on it from the first order (R2, R24).
  public func signUp(email: String, password: String, country: String? = nil)
    throws(ServiceError) -> Account
  {
    let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
    guard EmailAddress.isWellFormed(email) else { throw .invalidEmail(email) }
    if let problem = PasswordRules.problem(with: password) { throw .weakPassword(problem) }
    var profile = BillingProfile()
    if let country {
      profile.country = try billingCountryCode(country)
    }
    let hash = try run { try passwordHasher.hash(password) }
    let now = self.now
    let account: Account = try run {
      try store.write { session in
        if try session.accountID(email: email) != nil { throw ServiceError.emailTaken(email) }
        let account = Account(
          id: try newAccountID(session), email: email, profile: profile, createdAt: now)
        try session.insertAccount(account)
        try session.setCredentials(Credentials(password: hash), accountID: account.id)
        try session.queueNotices(
          [
            Notice(
              kind: .welcome, date: now, subject: "Welcome to ProxyDash",
              body: """
                Your ProxyDash account \(email) is ready.
                Buy a plan from the Pricing tab to get your proxies. Questions: \(Support.email).
                """)
          ], accountID: account.id, email: email)
        return account
      }
    }
    remember(account.id, version: 1)
    return account
  }

  /// Five failed log-ins within the policy's minutes lock for as long; a success starts
  /// the count again (R24). An email without an account gets the same answers in the
  /// same time as one with: one slow hash either way (also when locked), and failures
  /// and locks are kept by the email named, not by account, so a lock betrays nothing.
  public func logIn(email: String, password: String) throws(ServiceError) -> Account {
    let now = self.now
    let emailKey = EmailAddress.normalized(email)
    let found: (id: String, password: PasswordHash)? = try run {
      try store.read { session in
        guard let id = try session.accountID(email: email),
          let credentials = try session.credentials(accountID: id)
        else { return nil }
        return (id, credentials.password)
      }
    }
    let matches =
      if let found {
        passwordHasher.verify(password, against: found.password)
      } else {
        passwordHasher.verifyWithoutAccount(password)
      }
    // Longer than any address sign-up ever took: not an account, and not worth a row.
    guard emailKey.utf8.count <= EmailAddress.maximumLength else { throw .wrongCredentials }
    let window = TimeInterval(policy.loginLockMinutes * 60)
    let outcome: LogInOutcome = try run {
      try store.write { session in
        if let until = try session.logInLock(emailKey: emailKey, at: now) { return .locked(until) }
        if let found, matches {
          try session.clearFailedLogIns(emailKey: emailKey)
          return .admitted(found.id)
        }
        let lock = try session.recordFailedLogIn(
          emailKey: emailKey, at: now, window: window, limit: policy.loginAttemptsBeforeLock,
          lockDuration: window)
        return lock.map(LogInOutcome.locked) ?? .refused
      }
    }
    switch outcome {
    case .admitted(let accountID): return try account(id: accountID)
    case .locked(let until): throw .lockedUntil(until)
    case .refused: throw .wrongCredentials
    }
  }

  /// For `--account` and demo sessions: no password, like a support session.
  public func account(email: String) throws(ServiceError) -> Account {
    try account(id: try accountID(email: email))
  }

  /// Only the id, for callers that load the account later anyway (a session start).
  public func accountID(email: String) throws(ServiceError) -> String {
    let id: String? = try run { try store.read { try $0.accountID(email: email) } }
    guard let id else { throw .unknownAccount(email) }
    return id
  }

  public func account(id: String) throws(ServiceError) -> Account {
    let loaded: VersionedAccount? = try run { try store.read { try $0.account(id: id) } }
    guard let loaded else { throw .unknownAccount(id) }
    remember(id, version: loaded.version)
    return loaded.account
  }

  public func updateProfile(accountID: String, profile: BillingProfile) throws(ServiceError)
    -> Account
  {
    var profile = profile
    profile.name = UntrustedText.clean(profile.name).trimmingCharacters(in: .whitespaces)
    profile.company = UntrustedText.clean(profile.company).trimmingCharacters(in: .whitespaces)
    profile.country = try billingCountryCode(profile.country)
    let vatID = profile.vatID.map(UntrustedText.clean)?.trimmingCharacters(in: .whitespaces) ?? ""
    profile.vatID = vatID.isEmpty ? nil : vatID
    if let vatID = profile.vatID {
      if let problem = VATNumber.problem(with: vatID, country: profile.country) {
        throw .invalidInput(problem)
      }
      profile.vatID = VATNumber(vatID)?.normalized ?? vatID
    }
    if TimeZone(identifier: profile.timeZone) == nil {
      throw .invalidInput(
        "\"\(profile.timeZone)\" is not a time zone: use a name such as Europe/Berlin.")
    }
    return try saving(accountID) { account, _ in
      account.profile = profile
      return []
    }
  }

  public func changePassword(accountID: String, current: String, new: String) throws(ServiceError) {
    let credentials: Credentials? = try run {
      try store.read { try $0.credentials(accountID: accountID) }
    }
    guard let credentials else { throw .unknownAccount(accountID) }
    guard passwordHasher.verify(current, against: credentials.password) else {
      throw .wrongCurrentPassword
    }
    if let problem = PasswordRules.problem(with: new) { throw .weakPassword(problem) }
    let hash = try run { try passwordHasher.hash(new) }
    let now = self.now
    try run {
      try store.write { session in
        let loaded = try load(session, accountID)
        try session.setCredentials(Credentials(password: hash), accountID: accountID)
        try session.queueNotices(
          [
            Notice(
              kind: .passwordChanged, date: now, subject: "Your ProxyDash password was changed",
              body:
                "The password of \(loaded.account.email) was changed. If this was not you, write to \(Support.email) at once."
            )
          ], accountID: accountID, email: loaded.account.email)
      }
    }
  }

  // MARK: Helpers

  /// The code of the billing country a customer typed (a code or a name), refusing one
  /// the tax table does not know.
  func billingCountryCode(_ typed: String) throws(ServiceError) -> String {
    let typedCountry = UntrustedText.clean(typed).trimmingCharacters(in: .whitespaces)
    let code = taxRates.country(matching: typedCountry)?.code ?? typedCountry.uppercased()
    if !taxRates.countries.isEmpty && taxRates.country(code) == nil {
      throw .invalidInput(
        "\"\(typedCountry)\" is not a billing country we know: use its two-letter code (DE) or its name (Germany)."
      )
    }
    return code
  }

  /// Loads the account (refusing stale views), lets `change` edit it, and saves it with
  /// the notices `change` returns, in one transaction.
  func saving(
    _ accountID: String, _ change: (inout Account, StoreSession) throws -> [Notice]
  ) throws(ServiceError) -> Account {
    let (account, old, new): (Account, Int, Int) = try run {
      try store.write { session in
        let loaded = try loadForWrite(session, accountID)
        var account = loaded.account
        let notices = try change(&account, session)
        let version = try session.saveAccount(account, expectedVersion: loaded.version)
        try session.queueNotices(notices, accountID: accountID, email: account.email)
        return (account, loaded.version, version)
      }
    }
    advanceSeen(accountID, from: old, to: new)
    return account
  }

  private enum LogInOutcome {
    case admitted(String)
    case locked(Date)
    case refused
  }

  private func newAccountID(_ session: StoreSession) throws -> String {
    var number = try session.accountCount() + 1
    while try session.account(id: "a\(number)") != nil { number += 1 }
    return "a\(number)"
  }
}
