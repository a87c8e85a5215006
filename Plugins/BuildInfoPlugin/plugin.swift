import Foundation
import PackagePlugin

/// Records the git commit the package is built from in the target it is applied to, so that
/// `coupondesk --version` names it wherever the binary is installed (an installed binary cannot ask
/// the source tree).
///
/// A prebuild command, run before every build: the commit changes without any file of the target
/// changing, which a build command's declared inputs would not notice. The script rewrites the file
/// only when its content changes, so an unchanged commit recompiles nothing. Without git, or outside
/// a git work tree (a tarball), the commit is "unknown" and the build goes on.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = context.package.directoryURL.appending(path: "Plugins/BuildInfoPlugin/write-build-info.sh")
        return [.prebuildCommand(displayName: "Recording the git commit of the build",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [script.path, context.package.directoryURL.path,
                                             output.appending(path: "GeneratedBuildInfo.swift").path],
                                 outputFilesDirectory: output)]
    }
}
