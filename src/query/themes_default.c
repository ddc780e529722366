/* The default themes, compiled in: the same syntax as a user's theme file
 * (ofsted-tui/themes.h), one `name<TAB>regex` a line.  The man page lists
 * them; tests/cli/themes.sh checks that it names every one. */
#include "config.h"

#include "ofsted-tui/themes.h"

const char ot_themes_default_text[] =
    "# ofsted-tui default themes: name<TAB>regex (PCRE2, smart case).\n"
    "supervision\t\\bsupervis(?:ion|ed|ing|ory)\\b\n"
    "management oversight\t(?:management|managerial|managers?[’']?) (?:oversight|grip|challenge)|oversight (?:by|from) (?:managers|leaders)\n"
    "thresholds\t\\bthresholds?\\b|step(?:ped)?[- ](?:up|down)\n"
    "front door\tfront door|\\bmash\\b|multi-agency safeguarding hub|contact and referral|initial contact\n"
    "strategy meetings and enquiries\tstrategy (?:meetings?|discussions?)|section 47|child protection enquir\n"
    "assessments\t(?:quality|timeliness|depth) of (?:\\w+ ){0,3}assessments?|assessments? (?:are|is|were|was) (?:not|too|often|variable|inconsistent|weak)\n"
    "quality of plans\t(?:quality|effectiveness) of (?:\\w+ ){0,3}plans?\\b|plans? (?:are|is|were|was) (?:not|too|often|vague|generic|unclear|weak)|(?:weak|poor|vague|generic|unclear|unfocused) (?:\\w+ ){0,2}plans?\\b\n"
    "neglect\t\\bneglect(?:ed|ful)?\\b\n"
    "domestic abuse\tdomestic (?:abuse|violence)\n"
    "child exploitation\texploitation|exploited|county lines|traffick|\\bc[sc]e\\b\n"
    "missing children\t\\bmissing (?:from (?:home|care|education)|episodes?|children|young people)|return (?:home )?interviews?|(?:go|goes|went|gone|going) missing\n"
    "PLO / pre-proceedings\tpublic law outline|pre-proceedings|\\bplo\\b\n"
    "placement sufficiency\tsufficiency|(?:shortage|lack|choice|range|number) of (?:suitable |local )?(?:placements|foster carers|homes|residential)|placed (?:at a distance|out of area|far from home)|(?:distance|out of area) placements?\n"
    "unregulated placements\tunregulated|unregistered|deprivation of liberty|\\bdols\\b\n"
    "care leavers' accommodation\tbed and breakfast|(?:unsuitable|suitable|safe|appropriate) accommodation|homeless|(?:care leavers?|young people)\\b[^.]{0,80}\\b(?:accommodation|housing)\n"
    "16- and 17-year-olds\t16- and 17-year-olds|16 and 17 year olds|16- or 17-year-olds\n"
    "caseloads and workforce stability\tcaseloads?|turnover|agency (?:social )?(?:workers?|staff)|(?:workforce|staffing) (?:stability|instability|capacity|shortages?)|changes? (?:of|in) social workers?|vacanc(?:y|ies)\n"
    "IRO oversight\tindependent reviewing officers?|\\biros?\\b\n"
    "PEPs\tpersonal education plans?|\\bpeps?\\b\n"
    "health assessments\thealth assessments?|health needs\n"
    "private fostering\tprivate(?:ly)? foster\n"
    "disabled children\tdisabled children|children with (?:a )?disabilit|special educational needs|\\bsend\\b(?= (?:children|needs|services))\n"
    "permanence\tpermanen(?:ce|t)|special guardianship|long-term foster\n"
    "pathway plans\tpathway plans?\n"
    "voice of the child\tdirect work|voice of (?:the )?child|wishes and feelings|lived experience\n"
    "quality assurance and audit\tquality assurance|\\baudits?\\b\n"
    "performance data\tperformance (?:data|information|management|reporting)|management information\n"
    "case recording\tcase record(?:s|ing)?|\\brecording\\b|chronolog(?:y|ies)\n"
    "corporate parenting\tcorporate parent\n"
    "allegations against staff (LADO)\t\\blado\\b|designated officer|allegations against\n";
