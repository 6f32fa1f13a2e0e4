#include "relctl/model/status.hpp"

#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "relctl/load/control_files.hpp"
#include "relctl/load/errors.hpp"
#include "relctl/model/registry.hpp"
#include "temp_dir.hpp"

namespace relctl::model {
namespace {

TEST(StatusModel, BindsTypedFieldsAndKeepsRawOnes) {
  const auto doc = JsonDocument::parse(R"({
    "version": "6.0",
    "lanes": [
      {"id": "L1", "name": "Core", "target_score": 8, "current_score": true, "status": "partial",
       "completion": {"state": "open", "summary": "s", "tracking": []},
       "blockers": [], "subsystems": ["core"], "x-extra": {"kept": 1},
       "evidence": [{"repo": "app", "path": "a.txt", "kind": "file"}, 5]},
      "not an object",
      {"id": 7}
    ],
    "work_claims": [{"id": "c1", "work_item": {"kind": "lane", "id": "L1"}}]
  })",
                                       "status.json");
  const Status s = bind_status(doc);
  EXPECT_EQ(*s.version, "6.0");
  ASSERT_EQ(s.lanes.items.size(), 2u);
  EXPECT_EQ(s.lanes.non_object_indices, std::vector<std::size_t>{1});
  const Lane& l1 = s.lanes.items[0];
  EXPECT_EQ(*l1.id, "L1");
  EXPECT_DOUBLE_EQ(*l1.current_score, 1.0);  // booleans read as numbers
  ASSERT_TRUE(l1.completion);
  EXPECT_EQ(*l1.completion->state, "open");
  EXPECT_EQ(l1.evidence.items.size(), 1u);
  EXPECT_EQ(l1.evidence.non_object_indices, std::vector<std::size_t>{1});
  EXPECT_EQ(l1.evidence.items[0].path.str(), "lanes[0].evidence[0]");
  EXPECT_EQ(l1.raw->find("x-extra")->find("kept")->int64(),
            1);  // unknown keys stay in the document
  const Lane& l3 = s.lanes.items[1];
  EXPECT_EQ(l3.index, 2u);
  EXPECT_TRUE(l3.id.present());
  EXPECT_FALSE(l3.id.ok());  // present with the wrong type
  EXPECT_FALSE(l3.name.present());
  EXPECT_EQ(l3.name.path.str(), "lanes[2].name");
  EXPECT_FALSE(s.updated_at.present());
  EXPECT_EQ(*s.work_claims.items[0].work_item_kind, "lane");
}

TEST(StatusModel, TopLevelMustBeAnObject) {
  const auto doc = JsonDocument::parse("[1, 2]", "status.json");
  EXPECT_THROW((void)bind_status(doc), LoadError);
}

TEST(StatusModel, RoundTripsUnknownFields) {
  const std::string text =
      "{\n  \"zeta\": 1,\n  \"lanes\": [\n    {\n      \"id\": \"L1\",\n      \"future\": "
      "\"\\u00e9\"\n    }\n  ],\n  \"alpha\": [\n    1.5,\n    null\n  ]\n}";
  const auto doc = JsonDocument::parse(text, "status.json");
  (void)bind_status(doc);
  EXPECT_EQ(doc.json().dump(2, ' ', true), text);
}

TEST(RegistryModel, RefusesMissingVerificationWithLocation) {
  const auto doc = JsonDocument::parse(
      R"({"version": 1, "subsystems": [{"id": "core", "lane": "L1", "verification": {"allow_same_subsystem_tests": true}}]})",
      "registry.json");
  try {
    (void)bind_registry(doc);
    FAIL() << "expected a LoadError";
  } catch (const LoadError& e) {
    ASSERT_TRUE(e.path());
    EXPECT_EQ(e.path()->str(), "subsystems[0].verification");
    EXPECT_NE(e.message().find("test_prefixes"), std::string::npos);
  }
}

TEST(RegistryModel, BindsSubsystems) {
  const auto doc = JsonDocument::parse(R"({"version": 1, "shared_ownerships": [],
    "subsystems": [{"id": "core", "lane": "L1", "contract": "c.md", "owned_prefixes": ["src/"],
      "owned_files": [], "verification": {"allow_same_subsystem_tests": true, "test_prefixes": [],
      "exact_files": [], "require_explicit_path_policy_coverage": false, "path_policies": [
        {"id": "p", "label": "P", "match_prefixes": ["src/"], "match_files": [],
         "allow_same_subsystem_tests": false, "test_prefixes": [], "exact_files": []}]}}]})",
                                       "registry.json");
  const Registry r = bind_registry(doc);
  ASSERT_EQ(r.subsystems.items.size(), 1u);
  EXPECT_EQ(*r.subsystems.items[0].lane, "L1");
  EXPECT_EQ(*r.subsystems.items[0].verification.path_policies.items[0].id, "p");
}

// A string list is read from the document when asked: its copy is made by
// `*field`, only when every element is a string.
TEST(StatusModel, StringListsAreReadOnDemand) {
  const auto doc = JsonDocument::parse(
      R"({"lanes": [{"id": "L1", "subsystems": ["a", "b"]}, {"id": "L2", "subsystems": ["a", 3]},
                    {"id": "L3", "subsystems": "a"}]})",
      "status.json");
  const Status s = bind_status(doc);
  ASSERT_EQ(s.lanes.items.size(), 3u);
  EXPECT_TRUE(s.lanes.items[0].subsystems.ok());
  EXPECT_EQ(*s.lanes.items[0].subsystems, (StrList{"a", "b"}));
  EXPECT_FALSE(s.lanes.items[1].subsystems.ok());
  EXPECT_TRUE((*s.lanes.items[1].subsystems).empty());
  EXPECT_TRUE(s.lanes.items[2].subsystems.present());
  EXPECT_FALSE(s.lanes.items[2].subsystems.ok());
  EXPECT_EQ(s.lanes.items[2].subsystems.path.str(), "lanes[2].subsystems");
}

// The audit drops the bound models before it builds its report; asking for
// them again binds them anew from the documents, which stay.
TEST(StatusModel, ReleasedModelsBindAgain) {
  ControlFiles files(Repo(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor"), false);
  const std::size_t lanes = files.status().lanes.items.size();
  const std::string first_id(*files.status().lanes.items.at(0).id);
  const std::size_t subsystems = files.registry().subsystems.items.size();
  const JsonDocument* doc = &files.status_doc();
  files.release_models();
  EXPECT_EQ(&files.status_doc(), doc);  // the document is kept
  EXPECT_EQ(files.status().lanes.items.size(), lanes);
  EXPECT_EQ(*files.status().lanes.items.at(0).id, first_id);
  EXPECT_EQ(files.registry().subsystems.items.size(), subsystems);
  EXPECT_GT(lanes, 0u);
}

// The audit also drops the parsed status and registry documents once its
// findings have positions. Their texts stay: asking for a document again
// parses the text this run read, never the file as it is now.
TEST(StatusModel, ReleasedDocumentsParseTheTextTheRunRead) {
  test::TempDir dir;
  test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  ControlFiles files(Repo(dir.path()), false);
  const std::string status_rel = files.control_plane().active_profile().status;
  const std::string registry_rel = files.control_plane().active_profile().registry;
  const std::size_t lanes = files.status().lanes.items.size();
  const std::size_t subsystems = files.registry().subsystems.items.size();
  const std::string status_text = files.status_doc().text();
  const std::string registry_text = files.registry_doc().text();
  files.release_documents();
  dir.write(status_rel, "{ not json");
  dir.write(registry_rel, "[]");
  EXPECT_EQ(files.status_text(), status_text);
  EXPECT_EQ(files.registry_text(), registry_text);
  EXPECT_EQ(files.status().lanes.items.size(), lanes);
  EXPECT_EQ(files.registry().subsystems.items.size(), subsystems);
  EXPECT_EQ(files.status_doc().text(), status_text);
  EXPECT_GT(lanes, 0u);
  EXPECT_GT(subsystems, 0u);
}

// The status report drops the status document alone when its caller still
// reads registry.json's (the ownership lookup): the registry's document and
// model stay where they were.
TEST(StatusModel, ReleasingTheStatusDocumentKeepsTheRegistrys) {
  test::TempDir dir;
  test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  ControlFiles files(Repo(dir.path()), false);
  const std::string status_rel = files.control_plane().active_profile().status;
  const std::size_t lanes = files.status().lanes.items.size();
  const JsonDocument* registry_doc = &files.registry_doc();
  const model::Registry* registry = &files.registry();
  const std::string status_text = files.status_doc().text();
  files.release_status_document();
  dir.write(status_rel, "{ not json");
  EXPECT_EQ(&files.registry_doc(), registry_doc);
  EXPECT_EQ(&files.registry(), registry);
  EXPECT_EQ(files.registry().doc, registry_doc);
  EXPECT_EQ(files.status_text(), status_text);
  EXPECT_EQ(files.status().lanes.items.size(), lanes);  // bound anew from the kept text
  // And the other way round.
  files.release_registry_document();
  const JsonDocument* status_doc = &files.status_doc();
  EXPECT_GT(files.registry().subsystems.items.size(), 0u);
  EXPECT_EQ(&files.status_doc(), status_doc);
}

// One file named as both status.json and registry.json (it holds the keys
// of both): releasing "the status document" also unbinds the registry
// model, which read the same document (under the sanitizers, a model kept
// bound to the freed document is a use after free here).
TEST(StatusModel, ADocumentSharedByBothModelsUnbindsBoth) {
  test::TempDir dir;
  const std::string src = std::string(RELCTL_SOURCE_DIR) + "/examples/harbor";
  test::copy_tree(src, dir.path());
  ControlFiles probe(Repo(dir.path()), false);
  const auto profile = probe.control_plane().active_profile();
  auto status = nlohmann::json::parse(probe.status_text());
  const auto registry = nlohmann::json::parse(probe.registry_text());
  for (const auto& [k, v] : registry.items()) {
    if (!status.contains(k)) status[k] = v;
  }
  dir.write(profile.status, status.dump(2));
  auto cp = nlohmann::json::parse(probe.control_plane_text());
  for (auto& p : cp["profiles"]) p["registry"] = profile.status;
  dir.write("docs/release-control/control_plane.json", cp.dump(2));

  ControlFiles files(Repo(dir.path()), false);
  ASSERT_EQ(files.control_plane().active_profile().registry, profile.status);
  const std::size_t subsystems = files.registry().subsystems.items.size();
  ASSERT_GT(subsystems, 0u);
  ASSERT_GT(files.status().lanes.items.size(), 0u);
  files.release_status_document();
  const model::Registry& again = files.registry();
  ASSERT_NE(again.doc, nullptr);
  EXPECT_EQ(&files.status_doc(), again.doc);
  const JsonNode* subs = again.doc->root().find("subsystems");
  ASSERT_NE(subs, nullptr);
  EXPECT_EQ(subs->size(), subsystems);
}

// audit all drops status.json whole once its status audit has run: any
// later reader is a mistake, refused rather than served from the disk,
// which may hold another version by then.
TEST(StatusModel, AForgottenStatusFileIsNeverReadAgain) {
  test::TempDir dir;
  test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  ControlFiles files(Repo(dir.path()), false);
  ASSERT_GT(files.status().lanes.items.size(), 0u);
  const std::size_t subsystems = files.registry().subsystems.items.size();
  files.forget_status();
  EXPECT_THROW((void)files.status_text(), std::logic_error);
  EXPECT_THROW((void)files.status_doc(), std::logic_error);
  EXPECT_THROW((void)files.status(), std::logic_error);
  EXPECT_EQ(files.registry().subsystems.items.size(), subsystems);
  EXPECT_FALSE(files.registry_text().empty());
  // Also when it was never read before.
  ControlFiles unread(Repo(dir.path()), false);
  unread.forget_status();
  EXPECT_THROW((void)unread.status_text(), std::logic_error);
}

// A text asked for before its document is read once and then parsed from
// what was read.
TEST(StatusModel, TextFirstThenDocumentReadsTheFileOnce) {
  test::TempDir dir;
  test::copy_tree(std::string(RELCTL_SOURCE_DIR) + "/examples/harbor", dir.path());
  ControlFiles files(Repo(dir.path()), false);
  const std::string status_rel = files.control_plane().active_profile().status;
  const std::string text = files.status_text();
  dir.write(status_rel, "{ not json");
  EXPECT_EQ(files.status_doc().text(), text);
  EXPECT_GT(files.status().lanes.items.size(), 0u);
}

}  // namespace
}  // namespace relctl::model
