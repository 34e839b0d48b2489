import { defineTaintRule } from "./define.js";

/** PW262: Untrusted structured input (a JSON body, `json. */
export default defineTaintRule(
  { kind: "nosql", what: "a NoSQL query", advice: "build the filter from values converted to the expected type (str(), int()); never pass a parsed body or a $where string" },
  {
    code: "PW262",
    name: "nosql-injection",
    practice: "input-validation",
    cwe: [943],
    severity: "high",
    confidence: "high",
    aliases: [],
    docs: {
      what: "Untrusted structured input (a JSON body, `json.loads` of input) becomes a MongoDB filter or pipeline, or input reaches a `$where` JavaScript clause: PyMongo/Motor `find`, `find_one`, `update_*`, `delete_*`, `aggregate`. A plain string value inside a literal filter is not reported.",
      why: "An object such as `{\"$ne\": null}` in place of a value turns an equality test into a match-anything query (authentication bypass, data disclosure); `$where` runs JavaScript in the database (NoSQL injection).",
      bad: "query = request.get_json()\nusers = db.users.find({\"name\": query[\"name\"]})\n",
      good: "query = request.get_json()\nusers = db.users.find({\"name\": str(query[\"name\"])})\n",
      references: ["CWE-943", "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection"],
    },
  },
);
