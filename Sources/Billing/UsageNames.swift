extension UserUsage {
  /// How usage names a proxy user removed after its traffic was recorded (its records stay).
  public static let removedName = "(removed)"

  /// Usage records keep a proxy user's id, which means nothing to a customer: the screen
  /// and the CSV export both name each user from `names` (id to name) this way.
  public static func named(_ users: [UserUsage], names: [String: String]) -> [UserUsage] {
    users.map { UserUsage(proxyUser: names[$0.proxyUser] ?? removedName, traffic: $0.traffic) }
  }
}
