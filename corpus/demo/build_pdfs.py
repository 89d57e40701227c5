# ruff: noqa: E501  (the source texts below keep one paragraph per line)
"""Build the demo corpus PDFs from the source text kept in this script.

Run from anywhere:  .venv/bin/python corpus/demo/build_pdfs.py

The source text lives here, inline, rather than as .txt files beside the PDFs, so that
ingesting corpus/demo does not pick the same text up twice. Output is deterministic:
reportlab's invariant mode fixes the creation date and document id, so re-running gives
byte-identical files.

Markup in the sources: "# " title, "## " heading, "### " sub-heading, "- " bullet,
"> " indented text (an item under a lead-in), "!pagebreak" a forced page break; blank lines
separate paragraphs.
"""

from __future__ import annotations

import pathlib

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.enums import TA_CENTER  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

HERE = pathlib.Path(__file__).resolve().parent

_BASE = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("t", parent=_BASE["Title"], fontSize=18, leading=22, spaceAfter=10),
    "h2": ParagraphStyle("h2", parent=_BASE["Heading2"], fontSize=13, leading=16, spaceBefore=10),
    "h3": ParagraphStyle("h3", parent=_BASE["Heading3"], fontSize=11, leading=14, spaceBefore=6),
    "body": ParagraphStyle("b", parent=_BASE["BodyText"], fontSize=10.5, leading=14, spaceAfter=6),
    "item": ParagraphStyle(
        "i", parent=_BASE["BodyText"], fontSize=10.5, leading=14, leftIndent=18, spaceAfter=4
    ),
    "cover": ParagraphStyle(
        "c", parent=_BASE["BodyText"], fontSize=11, leading=15, alignment=TA_CENTER, spaceAfter=8
    ),
}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def flowables(source: str) -> list:
    """Turn the light markup described in the module docstring into reportlab flowables."""
    out: list = []
    bullets: list[str] = []

    def flush_bullets() -> None:
        if bullets:
            items = [ListItem(Paragraph(_esc(b), STYLES["body"]), leftIndent=18) for b in bullets]
            out.append(ListFlowable(items, bulletType="bullet", start="\u2022", leftIndent=18))
            bullets.clear()

    for block in source.strip().split("\n\n"):
        lines = [ln.rstrip() for ln in block.strip().splitlines()]
        if all(ln.startswith("- ") for ln in lines):
            bullets.extend(ln[2:] for ln in lines)
            continue
        flush_bullets()
        first = lines[0]
        if first == "!pagebreak":
            out.append(PageBreak())
        elif first.startswith("# "):
            out.append(Paragraph(_esc(first[2:]), STYLES["title"]))
            for ln in lines[1:]:
                out.append(Paragraph(_esc(ln), STYLES["cover"]))
            out.append(Spacer(1, 6 * mm))
        elif first.startswith("## "):
            out.append(Paragraph(_esc(first[3:]), STYLES["h2"]))
        elif first.startswith("### "):
            out.append(Paragraph(_esc(first[4:]), STYLES["h3"]))
        elif all(ln.startswith("> ") for ln in lines):
            for ln in lines:
                out.append(Paragraph(_esc(ln[2:]), STYLES["item"]))
        else:
            out.append(Paragraph(_esc(" ".join(lines)), STYLES["body"]))
    flush_bullets()
    return out


def build(name: str, header: str, source: str) -> pathlib.Path:
    path = HERE / f"{name}.pdf"

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, 287 * mm, header)
        canvas.drawRightString(190 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=source.strip().splitlines()[0][2:],
        author=header.split(" | ")[0],
        subject="policytrail demo corpus",
        creator="build_pdfs.py",
    )
    doc.build(flowables(source), onFirstPage=decorate, onLaterPages=decorate)
    return path


def main() -> None:
    for name, (header, source) in SOURCES.items():
        path = build(name, header, source)
        print(f"wrote {path.relative_to(HERE.parent.parent)}")


# --- the source texts ------------------------------------------------------------------------

SOURCES: dict[str, tuple[str, str]] = {}

SOURCES["2019-01-23_nao-pressures-on-childrens-social-care"] = (
    "National Audit Office | Pressures on children's social care | HC 1868 | January 2019",
    """
# Pressures on children's social care
Report by the Comptroller and Auditor General
Department for Education and MHCLG
23 January 2019

## Summary

1. Local authorities in England have a legal duty to protect children who are at risk of harm and to look after children who cannot live safely with their families. They meet these duties through children's social care: assessing referrals, running section 47 enquiries where they suspect significant harm, drawing up child protection plans and arranging placements for children in care. The Department for Education sets the policy framework and is accountable for how well the system works. Overall funding for local government is the responsibility of MHCLG, the housing and local government ministry.

2. This report examines how demand for children's social care has changed since 2010-11, what local authorities have spent on meeting it, and whether the Department understands the pressures well enough to support a sustainable system. We did not assess the quality of individual authorities' social work practice.

## Key findings

### Demand

3. Activity has grown at every stage of the system. Between 2010-11 and 2017-18 the number of section 47 enquiries carried out by local authorities rose by 77 per cent, to 198,090. The number of children on a child protection plan at the end of the year rose by 26 per cent, to 53,790.

4. The number of children in care reached 75,420 on 31 March 2018, up 15 per cent since 2010-11 and the highest figure for more than twenty-five years. The rate of children in care was 64 per 10,000 children in the population, compared with 58 per 10,000 in 2011.

5. Rates vary widely between areas. In 2017-18 the rate of children in care ranged from 22 per 10,000 children in one authority to 164 per 10,000 in another. Deprivation explains some of this spread, but when we compared authorities with similar levels of deprivation we still found large gaps. The Department has not established how much of the remaining variation reflects differences in local practice, in thresholds for intervention or in the availability of early help.

### Spending

6. Local authorities spent £8.6 billion on children's social care in 2017-18. Spending on children's social care rose by 3 per cent in real terms between 2010-11 and 2017-18, while spending on other services for children and young people fell. Within children's social care, money has moved away from preventative work: an increasing share goes on statutory services such as placements for children in care, which accounted for more than half of the total.

7. Authorities are spending more than they plan to. In 2017-18, 91 per cent of local authorities spent more on children's social care than they had budgeted for, and the total overspend came to £872 million. Many authorities met the difference by drawing on reserves or by cutting other services, which cannot continue indefinitely.

!pagebreak

### The Department's understanding of the system

8. The Department set an ambition in 2016 that by 2020 all children's services would be rated good or better. At the time of our work, Ofsted had rated around two-thirds of local authorities as requiring improvement or inadequate at their most recent inspection, and progress towards the ambition has been slow.

9. The Department has funded a range of improvement and innovation programmes, including the Children's Social Care Innovation Programme, which had committed about £200 million since 2014. It has not yet drawn these programmes together into a clear picture of which approaches reduce the need for statutory intervention and at what cost.

10. Officials from the Department and from MHCLG told us they recognised the pressures on authorities. However, the funding formula used to distribute money for children's services has not been updated for several years and does not reflect current patterns of need.

## Conclusion on value for money

11. Demand for children's social care has risen steadily and local authorities have protected spending on their statutory duties by reducing other services. This approach is storing up cost, because the preventative work that has been cut is the work most likely to keep families together safely. The Department does not yet know enough about why demand differs so much from place to place to be confident that money is being spent where it does the most good. Until it does, we cannot conclude that the system is delivering value for money or that it is on a sustainable footing.

## Recommendations

12. We make the following recommendations:

> a. The Department should work with MHCLG to agree a joint assessment of the funding children's services will need over the period of the next Spending Review.
> b. The Department should improve the data it collects on early help, including what local authorities spend on it and how many families receive it, so that the effect of preventative work can be measured.
> c. The Department should bring together the evidence from its innovation and improvement programmes and publish what it has learned about approaches that safely reduce the need for children to enter care.
> d. The Department should explain the basis on which it will judge whether local authorities are on track to meet its ambition that all children's services are rated good.

## Appendix: about this report

13. We reviewed published statistics on children in need, child protection and children looked after, the revenue outturn returns that local authorities submit each year, and papers held by the Department. We interviewed officials from both departments and from Ofsted, and we held discussions with the Association of Directors of Children's Services, the Local Government Association and a sample of local authorities.

14. Figures for spending are in 2017-18 prices unless otherwise stated. Figures for activity refer to the year ending 31 March, or to the position on 31 March, as published by the Department.
""",
)

SOURCES["2019-05_education-committee-funding-childrens-services"] = (
    "House of Commons Education Committee | Funding of local authorities' children's services",
    """
# Funding of local authorities' children's services
House of Commons Education Committee
Fourteenth Report of Session 2017-19
Report, together with formal minutes relating to the report
May 2019

## Summary

Councils in England are being asked to do more for vulnerable children with less money. Over the course of this inquiry we heard from directors of children's services, social workers, charities, young people with experience of care and ministers. Almost without exception, witnesses outside government told us that the money available no longer matches what councils are legally required to do, and that the gap is being bridged by cutting the early help that stops families reaching crisis.

By 2025, according to estimates from the Local Government Association, the funding gap in children's services will have reached £3.1 billion. Whatever the precise figure, the direction is clear. Councils overspent their children's social care budgets by £872 million in 2017-18, and the number of children in care has risen every year since 2008. We do not believe this can be managed by efficiency savings alone.

We call on the Government to use the forthcoming Spending Review to put children's services on a sustainable footing, to protect money for early intervention, and to build a far better understanding of what the system costs.

## Conclusions and recommendations

### The scale of the gap

1. The Government must use the Spending Review to give children's services a settlement that reflects the real cost of the duties councils hold. In setting it, the Government should have regard to the Local Government Association's estimate that the funding gap will reach £3.1 billion by 2025, and explain publicly where it takes a different view.

2. We were struck by how little the Department could tell us about the cost of meeting statutory duties. The Department should commission an independent assessment of the cost of delivering children's services to the standard the law requires, and publish its findings.

### Early intervention

3. Money for early help has fallen by close to half since 2010-11 as councils have diverted it to meet child protection and care costs. The Government should introduce a ring-fenced grant for early intervention, paid to local authorities from April 2020, so that money for early help cannot be absorbed by pressures elsewhere in council budgets.

4. Unlike child protection, early help is not underpinned by a clear statutory duty, which makes it the first service to go when budgets are squeezed. The Government should place a statutory duty on local authorities to provide early help services to families who need them.

!pagebreak

### Certainty of funding

5. Year-to-year settlements and short-lived grants make it very hard for councils to plan. The Government should give local government a funding settlement covering at least three years, starting in 2020-21.

### Learning what works

6. The Children's Social Care Innovation Programme has produced promising results, but too few projects have spread beyond the councils that piloted them. Within six months of this report, the Department should write to us setting out which innovation projects it intends to extend to other areas, and on what timetable.

## 1 Introduction

7. We launched this inquiry in October 2018 in response to growing concern from councils and charities about the financial position of children's services. We received more than 100 written submissions and held five oral evidence sessions. We are grateful to all who contributed, and in particular to the care-experienced young people who spoke to us about what the cuts look like from their side.

8. Children's services cover a wide range of support, from children's centres and youth work to child protection and care. Most of the money comes from councils' general funding, which has fallen substantially in real terms since 2010. Spending on children's social care has been protected relative to other services, but only by taking money from elsewhere.

## 2 Demand and cost

9. The evidence on rising demand was consistent. The number of looked-after children stood at 75,420 on 31 March 2018. Section 47 enquiries have risen by more than three-quarters since 2010-11. The Association of Directors of Children's Services told us that initial contacts with children's social care had passed 2.4 million a year. Directors described a system that increasingly responds only once harm has happened.

10. Costs per child have also risen, in particular for residential placements. One director told us that a week in an in-house foster placement cost her council around £566, while a place in a private children's home for a child with complex needs cost £5,166 a week or more. A single very high-cost placement can absorb a large share of a small authority's budget.

11. We heard that nine in 10 councils overspent their children's social care budgets in 2017-18. Several witnesses warned that councils' reserves are finite and that some authorities are close to the point at which they would be unable to balance their budgets.

!pagebreak

## 3 Early help

12. Early help is support offered to a family before problems escalate: parenting programmes, family support workers, help with domestic abuse or substance misuse. Witnesses were unanimous that it is both better for children and cheaper in the long run. Yet the share of children's services spending that goes on it has fallen year after year.

13. The Minister told us that councils are best placed to decide how much to spend on early help in their area. We accept that local flexibility matters. But when every council faces rising statutory costs, leaving early help unprotected means it will continue to shrink. That is why we recommend a ring-fenced grant.

## 4 Understanding the system

14. The National Audit Office reported in January 2019 that the Department did not fully understand why demand varies so much between councils. We share that concern. We also note that the Department has not yet been able to tell us what level of funding it considers adequate. Without that, it is hard to see how any Spending Review can be evidence based.

## Formal minutes

Tuesday 7 May 2019. The Committee considered the draft report. Paragraphs 1 to 14 read and agreed. Summary agreed. Resolved, that the Report be the Fourteenth Report of the Committee to the House. Ordered, that the Chair make the Report to the House.
""",
)

SOURCES["2019-10_pac-transforming-childrens-services"] = (
    "House of Commons Committee of Public Accounts | Transforming children's services",
    """
# Transforming children's services
House of Commons Committee of Public Accounts
Report, together with formal minutes relating to the report
October 2019

## Summary

The Department for Education is responsible for making sure that the system for protecting vulnerable children works. Local authorities deliver that system, and they are under serious and growing strain. Since 2010-11 the number of section 47 enquiries has risen by more than three-quarters and the number of children in care has passed 75,000. Nine in 10 councils overspent on children's social care in 2017-18, by £872 million in total, and they have paid for it by cutting preventative services and running down their reserves.

We are concerned that the Department still does not understand why demand varies so widely from one local authority to the next, or what the system as a whole needs to cost. It has spent significant sums on improvement and innovation programmes, but it cannot yet tell us which of them work. It is not on course to meet its own ambition that every council's children's services will be rated good by 2020.

## Introduction

Councils in England spent £8.6 billion on children's social care in 2017-18. This report follows the National Audit Office's examination of the pressures on the system, published in January 2019, and our evidence session with officials from the Department for Education and MHCLG.

## Conclusions and recommendations

1. Local authorities cannot keep meeting rising demand by cutting other services. The Department has not shown that it knows what a sustainable level of funding for children's services would be.

Recommendation: The Department should work with MHCLG and HM Treasury to make sure that the next Spending Review is informed by a realistic estimate of the cost of meeting councils' statutory duties to children, and should write to the Committee within six months explaining how it has done so.

2. The Department's improvement programmes are not joined up, and it has no clear way of telling whether they are working. Around two-thirds of councils were still rated less than good at their most recent inspection.

Recommendation: The Department should, within six months, set out how it will measure the impact of its improvement support for struggling authorities, and what it will do if the ambition for all services to be good by 2020 is missed.

!pagebreak

3. The Department does not understand why rates of children in care and of child protection activity differ so much between authorities. The rate of children in care ranges from 22 to 164 per 10,000 children, and deprivation explains only part of this. Without that understanding it cannot direct funding or support to where it will make the most difference.

Recommendation: The Department should, by March 2020, set out:

> (a) why rates of children in care and on child protection plans vary so widely between local authorities with similar levels of deprivation;
> (b) how it will use that evidence when it allocates funding for children's services; and
> (c) what it will do to spread the practice of authorities that manage demand safely and well.

4. Early help has been cut back because it is not a statutory service, even though it is likely to reduce costs later on. Councils do not report spending on early help consistently, so nobody can say how much has been lost.

Recommendation: The Department should, within six months, agree with local authorities a consistent definition of early help spending and begin collecting it as part of the annual returns.

5. Councils told us that they increasingly struggle to find suitable placements for children in care, especially for older children with complex needs, and that prices charged by private providers have risen sharply.

Recommendation: The Department should, by December 2020, publish an assessment of whether there are enough foster and residential placements in each region to meet children's needs, and what it will do where there are not.

## 1 Demand for children's social care

6. Witnesses from the Association of Directors of Children's Services and the Local Government Association described a system in which councils spend an increasing share of their budgets on the most acute cases. Initial contacts with children's services have risen to around 2.4 million a year. More families are reaching crisis before they receive any help.

7. The Department told us that it recognises the pressures and that it is working to understand them better. It acknowledged, however, that it could not yet explain the variation between councils with apparently similar populations. Officials told us that some of the difference was likely to reflect local practice and local decisions about thresholds, but that the Department had not quantified this.

!pagebreak

## 2 Funding and financial sustainability

8. Local authorities have protected spending on children's social care compared with other services, but within that total money has moved to placements and statutory work. Spending on early help and other preventative services has fallen.

9. The LGA estimated that councils would face a funding gap for children's services of £3.1 billion by 2025. MHCLG officials told us that the Spending Review would consider the pressures on local government as a whole, and that it did not recognise a separate gap for children's services. We are not persuaded that this is an adequate answer to the scale of overspending that councils report.

## 3 Improvement and innovation

10. The Department has committed around £200 million to its innovation programme since 2014 and has funded Partners in Practice, a group of high-performing councils that support others. These may well be valuable, but the Department has not evaluated them in a way that lets it decide which to expand. It told us that evaluation reports were being published over time.

11. We are also concerned about the slow pace of improvement. When councils are rated inadequate, it can take years for them to recover, and the Department could not tell us what the typical cost of that recovery is.

## Formal minutes

Wednesday 16 October 2019. Members present: the Chair and eight other Members. Draft Report (Transforming children's services), proposed by the Chair, brought up and read. Paragraphs 1 to 11 read and agreed. Summary, introduction and conclusions and recommendations agreed. Resolved, that the Report be the Report of the Committee to the House. Ordered, that the Chair make the Report to the House.
""",
)

SOURCES["2021-02_treasury-minutes-progress-report"] = (
    "HM Treasury | Treasury Minutes: progress on implementation of recommendations | February 2021",
    """
# Treasury Minutes
Progress on implementation of recommendations from the Committee of Public Accounts
Presented to Parliament by the Exchequer Secretary to the Treasury
February 2021

## Introduction

1. This is a regular update on the progress government departments have made in implementing the recommendations of the Committee of Public Accounts. It covers recommendations that the Government accepted in its Treasury Minute responses but which had not been reported as fully implemented in the previous update. Where a recommendation has now been implemented it will not appear in future updates.

2. Departments report on each recommendation using one of three labels: implemented, work in progress, or target date changed. Where a target date has moved, the department explains why. The coronavirus pandemic has affected the timetable for a number of recommendations across government, and departments have said where that is the case.

!pagebreak

## Department for Education: Transforming children's services

Report published October 2019. Treasury Minute response published January 2020.

### PAC recommendation 1

The Department should work with MHCLG and HM Treasury so that the Spending Review is informed by a realistic estimate of the cost of councils' statutory duties to children, and write to the Committee within six months.

Recommendation implemented. The Department wrote to the Committee in April 2020 setting out the analysis it had shared with HM Treasury ahead of the Spending Review. The 2020 Spending Review made an additional £300 million of social care grant available for adult and children's social care in 2021-22, on top of the £1 billion provided in 2020-21, and gave councils flexibility to raise a further adult social care precept.

### PAC recommendation 2

The Department should explain how the impact of its improvement support will be measured, and what it will do if its 2020 ambition is missed.

Work in progress. The Department has commissioned an independent evaluation of its support for authorities rated inadequate, due to report in autumn 2021. Ofsted paused routine inspections between March and December 2020, which has delayed the evidence on which the evaluation depends. Target implementation date: December 2021.

### PAC recommendation 3

The Department should, by March 2020, set out why demand varies between local authorities, how this will inform funding, and how good practice will be spread.

Recommendation implemented. In March 2020 the Department published its analysis of why rates of children in care and child protection activity differ between local authorities with similar levels of deprivation, together with a plan for spreading the practice of authorities that manage demand safely. The analysis has been used to select the areas taking part in the Strengthening Families, Protecting Children programme and to inform the Department's advice on children's services funding for the Spending Review.

### PAC recommendation 4

The Department should agree a consistent definition of early help spending with local authorities and begin collecting it.

Target date changed. The Department has agreed a draft definition with the Association of Directors of Children's Services and the Local Government Association. Because of the pressure the pandemic has placed on local authority finance teams, new data items will not be added to the revenue returns until 2022-23. Revised target implementation date: March 2022.

!pagebreak

## MHCLG: Financial sustainability of local authorities

Report published May 2018. Treasury Minute response published July 2018.

### PAC recommendation 2

The Ministry should improve its monitoring of the financial position of local authorities, so that it can spot authorities at risk of financial failure early.

Work in progress. The Ministry has expanded its monthly financial data collection during the pandemic and is considering which elements to keep in the longer term. Target implementation date: autumn 2021.

### PAC recommendation 4

The Ministry should publish an assessment of the impact of the proposed fair funding review on authorities with high levels of need.

Target date changed. The fair funding review has been deferred to allow councils to concentrate on their response to the pandemic. Revised target implementation date: to be confirmed.

## Annex: how progress is reported

3. Departments provide updates to HM Treasury, which compiles them for Parliament. The National Audit Office reviews a sample of updates. The Committee of Public Accounts may choose to return to any subject in a later inquiry. Recommendations that the Government disagreed with in its original Treasury Minute response are not included in progress reports.
""",
)

SOURCES["2021-06_appg-stability-report"] = (
    "All-Party Parliamentary Group for Looked After Children and Care Leavers | June 2021",
    """
# Settled and seen: stability and wellbeing for children in care
A report of the All-Party Parliamentary Group for Looked After Children and Care Leavers
June 2021

This is not an official publication of the House of Commons or the House of Lords. It has not been approved by either House or its committees. All-Party Parliamentary Groups are informal groups of members of both Houses with a common interest in particular issues. The views expressed in this report are those of the group.

## Foreword

Over the past year our group has listened to more than sixty young people who are, or have been, in care. We asked them what made them feel settled. Their answers were remarkably consistent: a home that lasts, adults who stay, and someone who notices when they are struggling. Many told us that nobody asked how they were feeling until things had already gone badly wrong.

There were 80,080 children in care in England on 31 March 2020, more than at any point since the Children Act 1989 came into force. Around one in 10 of them moved placement three or more times in a single year. Behind each of those moves is a new school, a new set of carers and often a new social worker. The pandemic has made things harder still.

We make three recommendations. The first is the most urgent.

## Recommendations

1. The Department for Education and NHS England should, by December 2021, make sure that every child entering care receives a specialist mental health assessment within 30 days of becoming looked after.

2. The Department for Education should publish, alongside its annual statistics on children looked after, the number of children in care who changed school during the school year because of a placement move.

3. Local authorities should ensure that every child in care is offered an independent advocate whenever a placement move is being considered, and that the child's views are recorded in the decision.

!pagebreak

## 1 Why stability matters

1.1 Children come into care because of abuse, neglect or a family in acute distress. Most arrive having already experienced serious harm. Stability in care is not a luxury; it is the foundation for recovery. Young people told us that each move felt like starting again and that they learned not to get attached.

1.2 The latest figures show that just under seven in 10 children in care are placed with foster carers and around one in eight live in a children's home or other residential setting. Placements in residential settings are more likely to be far from home: more than four in 10 children in children's homes live outside the area of the council responsible for them.

1.3 We heard from one young woman who had lived in nine placements before she was 15. She told us that she had learned to keep her belongings in a bag under the bed. Another young man described changing secondary school three times in two years and giving up on his exams.

## 2 Emotional wellbeing

2.1 Children in care are around four times more likely than their peers to have a mental health difficulty. Local authorities already record a Strengths and Difficulties Questionnaire score for many children who have been in care for a year, but this is a screening tool completed by carers, not an assessment by a specialist, and it often comes too late.

2.2 Witnesses told us that children entering care commonly wait months for a referral to be accepted, and longer still to be seen. Some are refused help because their placement is considered temporary. Others are moved before their turn comes and join the back of a different queue.

2.3 We believe that a specialist assessment early on, when a child first comes into care, would identify needs before they lead to a placement breaking down. That is why we have set a clear deadline in our first recommendation. We ask the Department and NHS England to respond to us before the end of the year.

!pagebreak

## 3 Education and placement moves

3.1 A move of home very often means a move of school. Virtual school heads told us they work hard to keep children in the same school, but distance and the availability of placements often make this impossible. Nobody currently publishes how many children in care change school mid-year because of a move, which makes it difficult to hold the system to account.

## 4 The child's voice

4.1 Young people told us that decisions about moves were often made without them, sometimes at a few hours' notice. Statutory guidance already says that a child's wishes and feelings should be taken into account. In practice, we heard that this happens inconsistently. Independent advocacy would help make it real.

## Method

We held four evidence sessions between October 2020 and April 2021, received 48 written submissions and ran online workshops with young people in care and care leavers, supported by care-experienced facilitators. The secretariat to the group is provided by a charity, which received no funding from government for this work.
""",
)


if __name__ == "__main__":
    main()
