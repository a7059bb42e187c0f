META
key;value
description;Test; "quoted"
country;Poland
unit;Warszawa
num_projects;3
num_votes;3
budget;1000.5
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name;category;selected
1;600;2;"Park; groß";Grün;1
2;400;2;Bank;Sitzen;1
3;300.0;1;Baum;Grün;0
VOTES
voter_id;vote;age
1;1,2;30
2;1;
3;2,3;45
