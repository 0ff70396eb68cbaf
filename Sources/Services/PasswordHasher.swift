import Crypto
import Foundation
import Storage
import _CryptoExtras

/// Slow salted password hashes (R24): PBKDF2-HMAC-SHA256 from swift-crypto, with the
/// algorithm, iteration count and salt stored beside the hash so the cost can be raised
/// later without breaking old hashes.
public struct PasswordHasher: Sendable {
  public static let algorithm = "pbkdf2-sha256"
  /// OWASP's 2023 floor for PBKDF2-HMAC-SHA256, which swift-crypto also enforces.
  public static let standardIterations = 210_000

  public var iterations: Int

  /// `iterations` below the standard is for tests only, where speed matters more.
  public init(iterations: Int = PasswordHasher.standardIterations) {
    self.iterations = max(1, iterations)
  }

  public func hash(_ password: String) throws -> PasswordHash {
    let salt = Self.randomBytes(16)
    return PasswordHash(
      algorithm: Self.algorithm, iterations: iterations, salt: salt,
      hash: try Self.derive(password, salt: salt, iterations: iterations))
  }

  /// Whether `password` matches, with the parameters stored with the hash.
  public func verify(_ password: String, against stored: PasswordHash) -> Bool {
    guard stored.algorithm == Self.algorithm, stored.iterations > 0,
      let candidate = try? Self.derive(password, salt: stored.salt, iterations: stored.iterations),
      candidate.count == stored.hash.count
    else { return false }
    // Constant time: every byte is compared whatever the first difference.
    var difference: UInt8 = 0
    for (a, b) in zip(candidate, stored.hash) { difference |= a ^ b }
    return difference == 0
  }

  /// Does the work of `verify` against a hash of this hasher's cost that no password
  /// matches, and answers false: a log-in naming an email without an account then takes
  /// as long as a wrong password (R24: no account enumeration by timing).
  public func verifyWithoutAccount(_ password: String) -> Bool {
    let unmatchable = PasswordHash(
      algorithm: Self.algorithm, iterations: iterations, salt: Self.unmatchableSalt,
      hash: Self.unmatchableHash)
    _ = verify(password, against: unmatchable)
    return false
  }

  /// Random once per process: nothing derives to them but by a 2^-256 chance, and the
  /// answer is false even then.
  private static let unmatchableSalt = randomBytes(16)
  private static let unmatchableHash = randomBytes(32)

  private static func randomBytes(_ count: Int) -> Data {
    var generator = SystemRandomNumberGenerator()
    return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }

  static func derive(_ password: String, salt: Data, iterations: Int) throws -> Data {
    let key = try KDF.Insecure.PBKDF2.deriveKey(
      from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
      unsafeUncheckedRounds: iterations)
    return key.withUnsafeBytes { Data($0) }
  }
}
