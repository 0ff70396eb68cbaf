import Billing
import Crypto
import Foundation
import Storage

/// The SHA-256 fingerprint exactly as `ssh-keygen -lf` prints it, so a customer can
/// compare the dashboard's list with their own machine.
public enum SSHFingerprint {
  public static func sha256(of key: SSHPublicKey) -> String {
    let digest = Data(SHA256.hash(data: key.blob)).base64EncodedString()
    return "SHA256:" + digest.trimmingCharacters(in: CharacterSet(charactersIn: "="))
  }
}

/// The account an SSH session opens, decided by the store alone (R30).
public struct SSHSessionAccount: Sendable, Equatable {
  public var keyID: Int64
  public var accountID: String
  public var email: String
}

extension ProxyDashService {
  /// Registers a pasted public key line for `accountID` (R30). A malformed key or one
  /// registered already is refused with a reason; the reason tells a key already in this
  /// account's list from one that opens another account, because the customer's next
  /// step differs (nothing to do, or make a new key).
  @discardableResult
  public func addSSHKey(accountID: String, line: String) throws(ServiceError) -> SSHKeyRecord {
    let key: SSHPublicKey
    do {
      key = try SSHPublicKey.parse(line)
    } catch {
      throw .invalidInput(error.description)
    }
    let fingerprint = SSHFingerprint.sha256(of: key)
    let now = clock.now
    return try run {
      try store.write { session in
        guard try session.account(id: accountID) != nil else { throw ServiceError.unknownAccount(accountID) }
        if try session.sshKeys(accountID: accountID).contains(where: { $0.base64 == key.base64 }) {
          throw ServiceError.invalidInput("You have added this key already (\(fingerprint)).")
        }
        guard
          let added = try session.insertSSHKey(
            accountID: accountID, key: key, fingerprint: fingerprint, addedAt: now)
        else {
          throw ServiceError.invalidInput(
            "The key \(fingerprint) opens another account; one key opens one account, so make a new key for this one."
          )
        }
        return added
      }
    }
  }

  public func sshKeys(accountID: String) throws(ServiceError) -> [SSHKeyRecord] {
    try run { try store.read { try $0.sshKeys(accountID: accountID) } }
  }

  /// Revokes a key at once: the next connection attempt with it finds nothing.
  public func removeSSHKey(accountID: String, keyID: Int64) throws(ServiceError) {
    let removed = try run { try store.write { try $0.deleteSSHKey(id: keyID, accountID: accountID) } }
    guard removed else { throw .invalidInput("That SSH key is not registered to this account.") }
  }

  /// The account a session of key `keyID` opens, recording the key's use. A key removed
  /// since sshd accepted it opens nothing.
  public func startSSHSession(keyID: Int64) throws(ServiceError) -> SSHSessionAccount {
    let now = clock.now
    let found: SSHSessionAccount? = try run {
      try store.write { session in
        guard let key = try session.sshKey(id: keyID),
          let account = try session.account(id: key.accountID)
        else { return nil }
        try session.recordSSHKeyUse(id: keyID, at: now)
        return SSHSessionAccount(keyID: keyID, accountID: key.accountID, email: account.account.email)
      }
    }
    guard let found else { throw .invalidInput("This SSH key is no longer registered to any account.") }
    return found
  }
}
