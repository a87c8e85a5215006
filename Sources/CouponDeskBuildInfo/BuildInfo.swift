/// Where this binary came from. `generatedCommit` and `generatedCommitDate` are written at build time
/// by BuildInfoPlugin (Plugins/BuildInfoPlugin) from the git repository of the source tree.
public enum BuildInfo {
    /// The short hash of the commit the binary was built from (`-dirty` when the tree had changes
    /// that were not committed), or nil when the build had no git repository (a tarball) or no git.
    public static var commit: String? { generatedCommit == "unknown" ? nil : generatedCommit }

    /// That commit's date, YYYY-MM-DD, or nil.
    public static var commitDate: String? { generatedCommitDate.isEmpty ? nil : generatedCommitDate }
}
