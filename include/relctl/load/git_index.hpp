#pragma once
// A reader for git's index file (.git/index), so that listing the tracked
// files does not cost a git process (docs/dependencies.md says why not
// libgit2). It handles the plain formats, versions 2 to 4 with SHA-1 object
// names; anything else (a split or sparse index, SHA-256, a damaged file) is
// left to git itself.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relctl {

// The paths of the index entries in index order, each as often as it occurs
// (an unmerged path once per stage) — what `git ls-files -z` prints at the
// top of the work tree. nullopt when the file cannot be read or uses a
// feature this reader leaves to git.
std::optional<std::vector<std::string>> read_git_index(const std::filesystem::path& index_file);

// The same, from the bytes of an index file.
std::optional<std::vector<std::string>> parse_git_index(std::string_view bytes);

}  // namespace relctl
